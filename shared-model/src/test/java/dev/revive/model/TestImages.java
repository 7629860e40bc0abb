package dev.revive.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small images made on the spot, so tests need no files; shared with the services' tests as a test-jar. */
public final class TestImages {
    private TestImages() {
    }

    public static byte[] encode(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature and header declaring the given size, and no pixels: a decompression bomb's calling card. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    /**
     * A little-endian TIFF whose one directory declares the given size, 8-bit gray, deflate, one strip of 16
     * bytes: the TIFF form of a decompression bomb.
     */
    public static byte[] tiffHeaderOnly(int width, int height) {
        int entries = 9;
        int dataAt = 8 + 2 + entries * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(dataAt + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
        entry(tiff, 256, 4, width);
        entry(tiff, 257, 4, height);
        entry(tiff, 258, 3, 8);
        entry(tiff, 259, 3, 8);
        entry(tiff, 262, 3, 1);
        entry(tiff, 273, 4, dataAt);
        entry(tiff, 277, 3, 1);
        entry(tiff, 278, 4, height);
        entry(tiff, 279, 4, 16);
        tiff.putInt(0);
        return tiff.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            tiff.putShort((short) value).putShort((short) 0);
        } else {
            tiff.putInt(value);
        }
    }
}
