package dev.revive.worker.engine.image;

import dev.revive.model.UnsupportedImageException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The marker segments before a JPEG's scan data: the metadata to carry over (EXIF, XMP, ICC,
 * IPTC, comments, JFIF density) copied byte for byte, and the frame header that says how the
 * pixels were coded. Copying segments whole keeps every tag, including ones no Java library knows.
 *
 * @param carried whole segments (marker, length, payload) in file order
 * @param components colour components in the frame: 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK
 * @param lumaSampling horizontal * vertical sampling factor of the first component (1 = 4:4:4)
 * @param frameType the SOF marker's low nibble: 0/1 baseline, 2 progressive, others unsupported
 */
record JpegSegments(List<byte[]> carried, int components, int lumaSampling, int frameType) {

    private static final int SOI = 0xD8;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP13 = 0xED;
    private static final int COM = 0xFE;

    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP =
            "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Reads the segments up to the first scan.
     *
     * @throws UnsupportedImageException when the marker structure is broken
     */
    static JpegSegments read(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != SOI) {
            throw new UnsupportedImageException("the JPEG file has no start-of-image marker");
        }
        List<byte[]> carried = new ArrayList<>();
        int components = 0;
        int sampling = 0;
        int frameType = -1;
        int at = 2;
        while (true) {
            while (at < jpeg.length && (jpeg[at] & 0xFF) == 0xFF && at + 1 < jpeg.length
                    && (jpeg[at + 1] & 0xFF) == 0xFF) {
                at++; // fill bytes
            }
            if (at + 4 > jpeg.length || (jpeg[at] & 0xFF) != 0xFF) {
                throw new UnsupportedImageException("the JPEG file is truncated or damaged");
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == SOS || marker == EOI) {
                break;
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (length < 2 || at + 2 + length > jpeg.length) {
                throw new UnsupportedImageException("the JPEG file is truncated or damaged");
            }
            int payload = at + 4;
            if (isFrameHeader(marker) && length >= 8) {
                frameType = marker & 0x0F;
                components = jpeg[payload + 5] & 0xFF;
                if (length >= 11) {
                    int factors = jpeg[payload + 7] & 0xFF;
                    sampling = (factors >> 4) * (factors & 0x0F);
                }
            } else if (isCarried(marker, jpeg, payload, length - 2)) {
                carried.add(Arrays.copyOfRange(jpeg, at, at + 2 + length));
            }
            at += 2 + length;
        }
        if (frameType < 0) {
            throw new UnsupportedImageException("the JPEG file has no frame header");
        }
        return new JpegSegments(List.copyOf(carried), components, sampling, frameType);
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                && marker != 0xCC;
    }

    /**
     * APP0 JFIF, APP1 (EXIF, XMP), APP2 ICC, APP13 (Photoshop/IPTC) and comments. Adobe APP14 and
     * the MPF index in APP2 describe the old coding or point at images not carried, so they go.
     */
    private static boolean isCarried(int marker, byte[] jpeg, int payload, int size) {
        return switch (marker) {
            case APP0 -> startsWith(jpeg, payload, size, JFIF);
            case APP1, APP13, COM -> true;
            case APP2 -> startsWith(jpeg, payload, size, ICC);
            default -> false;
        };
    }

    boolean isBaselineOrProgressive() {
        return frameType == 0 || frameType == 1 || frameType == 2;
    }

    boolean hasJfif() {
        return carried.stream().anyMatch(s -> (s[1] & 0xFF) == APP0);
    }

    /** The TIFF structure inside the first EXIF segment, or null. */
    byte[] exif() {
        for (byte[] segment : carried) {
            if ((segment[1] & 0xFF) == APP1 && startsWith(segment, 4, segment.length - 4, EXIF)) {
                return Arrays.copyOfRange(segment, 4 + EXIF.length, segment.length);
            }
        }
        return null;
    }

    /** The XMP packet, or null. */
    String xmp() {
        for (byte[] segment : carried) {
            if ((segment[1] & 0xFF) == APP1 && startsWith(segment, 4, segment.length - 4, XMP)) {
                int start = 4 + XMP.length;
                return new String(segment, start, segment.length - start, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The ICC profile, reassembled from its numbered chunks, or null. */
    byte[] iccProfile() {
        List<byte[]> chunks = new ArrayList<>();
        for (byte[] segment : carried) {
            if ((segment[1] & 0xFF) == APP2 && segment.length > 4 + ICC.length + 2) {
                chunks.add(segment);
            }
        }
        if (chunks.isEmpty()) {
            return null;
        }
        chunks.sort((a, b) -> Integer.compare(a[4 + ICC.length] & 0xFF, b[4 + ICC.length] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            int start = 4 + ICC.length + 2;
            out.write(chunk, start, chunk.length - start);
        }
        return out.toByteArray();
    }

    /**
     * Puts the carried segments into a freshly written JPEG in place of the writer's own
     * application segments (its JFIF header is kept only when the source had none to give).
     */
    byte[] insertInto(byte[] written) {
        int at = 2;
        while (at + 4 <= written.length && (written[at] & 0xFF) == 0xFF) {
            int marker = written[at + 1] & 0xFF;
            if (marker < APP0 || marker > 0xEF) {
                break;
            }
            at += 2 + (((written[at + 2] & 0xFF) << 8) | (written[at + 3] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(written.length + 65536);
        out.write(written, 0, 2);
        if (!hasJfif()) {
            out.write(written, 2, at - 2);
        }
        for (byte[] segment : carried) {
            out.write(segment, 0, segment.length);
        }
        out.write(written, at, written.length - at);
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] data, int offset, int size, byte[] prefix) {
        if (size < prefix.length || offset + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
