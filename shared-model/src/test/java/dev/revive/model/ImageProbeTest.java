package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageProbeTest {

    static byte[] encode(String format, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }

    @Test
    void readsFormatAndSizeOfEachAcceptedFormat() throws IOException {
        assertEquals(new ImageInfo(ImageFormat.PNG, 31, 17), ImageProbe.probe(encode("png", 31, 17)));
        assertEquals(new ImageInfo(ImageFormat.JPEG, 40, 8), ImageProbe.probe(encode("jpeg", 40, 8)));
        assertEquals(new ImageInfo(ImageFormat.TIFF, 5, 9), ImageProbe.probe(encode("tiff", 5, 9)));
    }

    @Test
    void readsAGiantDeclaredSizeWithoutDecoding() {
        ImageInfo bomb = ImageProbe.probe(pngHeader(100_000, 100_000));
        assertEquals(10_000_000_000L, bomb.pixels());
    }

    @Test
    void refusesWhatIsNotAnImage() throws IOException {
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe(new byte[0]));
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe("GIF89a....".getBytes()));
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe("<svg></svg>".getBytes()));
        byte[] png = encode("png", 8, 8);
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe(Arrays.copyOf(png, 12)));
    }

    /** A PNG signature and IHDR chunk declaring the given size, with no pixel data at all. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }
}
