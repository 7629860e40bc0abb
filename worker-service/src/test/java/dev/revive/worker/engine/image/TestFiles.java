package dev.revive.worker.engine.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Image files made in the test, with the metadata cameras and editors put in them. */
final class TestFiles {

    static final String MODEL = "Revive Test Camera";
    static final String TAKEN = "2019:07:14 10:20:30";
    static final String CHANGED = "2020:01:02 03:04:05";
    static final String XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
            + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>";

    private TestFiles() {}

    /** A non-sRGB profile, so a dropped or converted profile shows. */
    static byte[] iccProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    }

    /** IFD0 of a camera: make, model, orientation, date, and an EXIF directory with the capture date. */
    static TiffBuilder cameraTags(ByteOrder order, int orientation) {
        return new TiffBuilder(order)
                .ascii(271, "Revive")
                .ascii(272, MODEL)
                .shorts(274, orientation)
                .ascii(306, CHANGED)
                .directory(34665, new TiffBuilder(order)
                        .ascii(36867, TAKEN)
                        .bytes(36864, 7, "0232".getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] exif(ByteOrder order, int orientation) {
        return cameraTags(order, orientation).build();
    }

    static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG with the given segments right after its start marker. */
    static byte[] jpeg(BufferedImage image, byte[]... segments) {
        byte[] plain = write(image, "jpeg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        for (byte[] segment : segments) {
            out.write(segment, 0, segment.length);
        }
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    static byte[] segment(int marker, byte[] prefix, byte[] data) {
        int length = 2 + prefix.length + data.length;
        return ByteBuffer.allocate(2 + length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) length).put(prefix).put(data).array();
    }

    static byte[] exifSegment(byte[] exif) {
        return segment(0xE1, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exif);
    }

    static byte[] xmpSegment(String xmp) {
        return segment(0xE1, "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1),
                xmp.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] iccSegment(byte[] profile) {
        byte[] prefix = "ICC_PROFILE\0\1\1".getBytes(StandardCharsets.ISO_8859_1);
        return segment(0xE2, prefix, profile);
    }

    /** A PNG with the given chunks right after IHDR. */
    static byte[] png(BufferedImage image, byte[]... chunks) {
        return png(write(image, "png"), chunks);
    }

    /** A PNG file with the given chunks added right after IHDR. */
    static byte[] png(byte[] plain, byte[]... chunks) {
        int afterHeader = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, afterHeader);
        for (byte[] chunk : chunks) {
            out.write(chunk, 0, chunk.length);
        }
        out.write(plain, afterHeader, plain.length - afterHeader);
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    static byte[] textChunk(String keyword, String text) {
        return chunk("tEXt", (keyword + "\0" + text).getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] iccpChunk(byte[] profile) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes("test profile\0\0".getBytes(StandardCharsets.ISO_8859_1));
        data.writeBytes(deflate(profile));
        return chunk("iCCP", data.toByteArray());
    }

    static byte[] xmpChunk(String xmp) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        data.writeBytes(xmp.getBytes(StandardCharsets.UTF_8));
        return chunk("iTXt", data.toByteArray());
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /**
     * A 16-bit gray TIFF compressed with deflate and the horizontal-difference predictor, as
     * Photoshop writes them, which the JDK's own reader refuses. Carries {@code tags} too.
     */
    static byte[] tiff16Predicted(int width, int height, int[] samples, TiffBuilder tags) {
        ByteBuffer raw = ByteBuffer.allocate(width * height * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int previous = x == 0 ? 0 : samples[i - 1];
                raw.putShort((short) (samples[i] - previous));
            }
        }
        byte[] strip = deflate(raw.array());
        return tags.longs(256, width).longs(257, height).shorts(258, 16).shorts(259, 8)
                .shorts(262, 1).longs(273, 8).shorts(277, 1).longs(278, height)
                .longs(279, strip.length).shorts(317, 2)
                .build(strip);
    }

    static int[] randomSamples(int count, int max, long seed) {
        Random random = new Random(seed);
        int[] samples = new int[count];
        for (int i = 0; i < count; i++) {
            samples[i] = random.nextInt(max + 1);
        }
        return samples;
    }

    /** A PNG signature and header declaring the given size, and no pixels. */
    static byte[] pngHeaderOnly(int width, int height) {
        byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put(new byte[] {8, 2, 0, 0, 0}).array();
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] ihdr = chunk("IHDR", header);
        return ByteBuffer.allocate(signature.length + ihdr.length).put(signature).put(ihdr).array();
    }

    /** A TIFF whose directory declares the given size (8-bit gray, deflate) over 16 bytes of data. */
    static byte[] tiffHeaderOnly(int width, int height) {
        return new TiffBuilder(ByteOrder.LITTLE_ENDIAN).longs(256, width).longs(257, height)
                .shorts(258, 8).shorts(259, 8).shorts(262, 1).longs(273, 8).shorts(277, 1)
                .longs(278, height).longs(279, 16).build(new byte[16]);
    }
}
