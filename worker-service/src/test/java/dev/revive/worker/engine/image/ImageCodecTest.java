package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.ImageFormat;
import dev.revive.model.UnsupportedImageException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

    @Test
    void roundTrips8BitRgb() {
        Image image = quantized(17, 11, 3, 255, 1);
        DecodedImage decoded = ImageCodec.decode(ImageCodec.encodePng(image, null, 8));
        assertEquals(ImageFormat.PNG, decoded.format());
        assertEquals(8, decoded.bitDepth());
        assertNull(decoded.alpha());
        assertSame(image, decoded.color());
    }

    @Test
    void roundTrips8BitGrayAsGray() {
        Image image = quantized(9, 13, 1, 255, 2);
        DecodedImage decoded = ImageCodec.decode(ImageCodec.encodePng(image, null, 8));
        assertEquals(1, decoded.color().channels());
        assertSame(image, decoded.color());
    }

    @Test
    void roundTrips16BitGrayAndRgb() {
        for (int channels : new int[] {1, 3}) {
            Image image = quantized(12, 7, channels, 65535, 3);
            DecodedImage decoded = ImageCodec.decode(ImageCodec.encodePng(image, null, 16));
            assertEquals(16, decoded.bitDepth());
            assertSame(image, decoded.color());
        }
    }

    @Test
    void roundTripsAlphaAt8And16Bits() {
        for (int bits : new int[] {8, 16}) {
            int max = (1 << bits) - 1;
            for (int channels : new int[] {1, 3}) {
                Image image = quantized(10, 6, channels, max, 4);
                float[] alpha = quantized(10, 6, 1, max, 5).pixels();
                DecodedImage decoded = ImageCodec.decode(ImageCodec.encodePng(image, alpha, bits));
                assertEquals(bits, decoded.bitDepth());
                assertSame(image, decoded.color());
                assertArrayEquals(alpha, decoded.alpha());
            }
        }
    }

    @Test
    void quantisesHalfUpAndClamps() {
        assertEquals(128, ImageCodec.quantize(0.5f, 255));
        assertEquals(32768, ImageCodec.quantize(0.5f, 65535));
        assertEquals(0, ImageCodec.quantize(-0.3f, 255));
        assertEquals(255, ImageCodec.quantize(1.7f, 255));
        assertEquals(0, ImageCodec.quantize(Float.NaN, 255));
    }

    @Test
    void decodesJpegInColourAndGray() throws IOException {
        BufferedImage rgb = smooth(BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage colour = ImageCodec.decode(write(rgb, "jpeg"));
        assertEquals(ImageFormat.JPEG, colour.format());
        assertEquals(3, colour.color().channels());
        assertTrue(Metrics.psnr(colour.color(), fromRgb(rgb)) > 30);

        DecodedImage gray = ImageCodec.decode(write(smooth(BufferedImage.TYPE_BYTE_GRAY), "jpeg"));
        assertEquals(1, gray.color().channels());
    }

    @Test
    void decodesTiff8BitRgbAnd16BitGray() throws IOException {
        BufferedImage rgb = smooth(BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage colour = ImageCodec.decode(write(rgb, "tiff"));
        assertEquals(ImageFormat.TIFF, colour.format());
        assertSame(fromRgb(rgb), colour.color());

        BufferedImage gray16 = new BufferedImage(8, 5, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(3, 2, 0, 40000);
        DecodedImage gray = ImageCodec.decode(write(gray16, "tiff"));
        assertEquals(16, gray.bitDepth());
        assertEquals(1, gray.color().channels());
        assertEquals(40000 / 65535f, gray.color().pixel(3, 2, 0), 1e-7);
    }

    @Test
    void decodesPalettePngWithTransparency() throws IOException {
        byte[] red = {(byte) 255, 0};
        byte[] green = {0, (byte) 128};
        byte[] blue = {0, (byte) 255};
        byte[] alpha = {(byte) 255, 0};
        BufferedImage indexed = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 2, red, green, blue, alpha));
        indexed.getRaster().setSample(1, 1, 0, 1);
        DecodedImage decoded = ImageCodec.decode(write(indexed, "png"));
        assertEquals(3, decoded.color().channels());
        assertEquals(1f, decoded.color().pixel(0, 0, 0));
        assertEquals(128 / 255f, decoded.color().pixel(1, 1, 1));
        assertEquals(0f, decoded.alpha()[1 * 4 + 1]);
        assertEquals(1f, decoded.alpha()[0]);
    }

    @Test
    void refusesTruncatedAndGarbageData() throws IOException {
        byte[] png = ImageCodec.encodePng(quantized(64, 64, 3, 255, 6), null, 8);
        assertThrows(UnsupportedImageException.class,
                () -> ImageCodec.decode(Arrays.copyOf(png, png.length / 2)));
        // cut inside the scan data: ImageIO only warns and would return a half-gray picture
        BufferedImage busy = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(9);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                busy.setRGB(x, y, random.nextInt());
            }
        }
        byte[] jpeg = write(busy, "jpeg");
        var cut = assertThrows(UnsupportedImageException.class,
                () -> ImageCodec.decode(Arrays.copyOf(jpeg, jpeg.length * 3 / 4)));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        byte[] garbage = new byte[500];
        new Random(7).nextBytes(garbage);
        assertThrows(UnsupportedImageException.class, () -> ImageCodec.decode(garbage));
        assertThrows(UnsupportedImageException.class, () -> ImageCodec.decode(new byte[0]));
    }

    @Test
    void refusesOtherFormatsByName() throws IOException {
        byte[] gif = write(smooth(BufferedImage.TYPE_3BYTE_BGR), "gif");
        var error = assertThrows(UnsupportedImageException.class, () -> ImageCodec.decode(gif));
        assertTrue(error.getMessage().contains("GIF"), error.getMessage());
    }

    /** The header claims 100000 x 100000 but no pixel data follows: only the header may be read. */
    @Test
    void refusesOversizedImagesFromTheHeaderAlone() {
        byte[] bomb = pngHeaderOnly(100_000, 100_000);
        var error = assertThrows(ImageTooLargeException.class,
                () -> ImageCodec.decode(bomb, 50_000_000L));
        assertEquals(10_000_000_000L, error.pixels());
        byte[] small = ImageCodec.encodePng(quantized(100, 100, 1, 255, 8), null, 8);
        assertThrows(ImageTooLargeException.class, () -> ImageCodec.decode(small, 9_999));
        assertEquals(100, ImageCodec.decode(small, 10_000).color().width());
    }

    private static void assertSame(Image expected, Image actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        assertEquals(expected.channels(), actual.channels());
        assertArrayEquals(expected.pixels(), actual.pixels());
    }

    /** Random samples already on the grid of {@code max} levels, so a round trip is exact. */
    private static Image quantized(int width, int height, int channels, int max, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(max + 1) / (float) max;
        }
        pixels[0] = 0f;
        pixels[pixels.length - 1] = 1f;
        return new Image(width, height, channels, pixels);
    }

    private static BufferedImage smooth(int type) {
        BufferedImage image = new BufferedImage(40, 30, type);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 128);
            }
        }
        return image;
    }

    private static Image fromRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] pixels = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                pixels[i] = ((p >> 16) & 0xff) / 255f;
                pixels[i + 1] = ((p >> 8) & 0xff) / 255f;
                pixels[i + 2] = (p & 0xff) / 255f;
            }
        }
        return new Image(w, h, 3, pixels);
    }

    private static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(8 + 25 + 12);
        header.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        header.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
        byte[] iend = "IEND".getBytes(StandardCharsets.US_ASCII);
        header.putInt(0).put(iend).putInt(crc(iend));
        return header.array();
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
