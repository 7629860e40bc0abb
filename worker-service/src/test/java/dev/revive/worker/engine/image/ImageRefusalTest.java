package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.UnsupportedImageException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** What is not a readable photo is refused with a plain message, before memory is spent on it. */
class ImageRefusalTest {

    @Test
    void emptyTextAndGarbageAreNotImages() {
        assertRefused(new byte[0], "empty");
        assertRefused("just some notes\n".getBytes(StandardCharsets.UTF_8), "not a PNG, JPEG or TIFF");
        byte[] garbage = new byte[300];
        new java.util.Random(1).nextBytes(garbage);
        assertRefused(garbage, "not a PNG, JPEG or TIFF");
    }

    @Test
    void truncatedOrCorruptPngIsRefused() {
        byte[] png = ImageCodec.encodePng(ImageRoundTripTest.quantized(48, 48, 3, 255, 1), null, 8);
        assertRefused(Arrays.copyOf(png, png.length / 2), "PNG");
        assertRefused(Arrays.copyOf(png, 20), "PNG");
        byte[] corrupt = png.clone();
        Arrays.fill(corrupt, png.length / 2, png.length / 2 + 40, (byte) 0x55);
        assertRefused(corrupt, "PNG");
    }

    @Test
    void truncatedOrCorruptJpegIsRefused() {
        byte[] jpeg = TestFiles.write(ImageRoundTripTest.noise(BufferedImage.TYPE_3BYTE_BGR, 64, 64, 2), "jpeg");
        assertRefused(Arrays.copyOf(jpeg, jpeg.length * 3 / 4), "truncated");
        assertRefused(Arrays.copyOf(jpeg, 120), "JPEG");
        byte[] corrupt = jpeg.clone();
        corrupt[4] = 0; // the first segment's length now runs past the end
        corrupt[5] = 1;
        assertRefused(corrupt, "JPEG");
    }

    @Test
    void truncatedOrCorruptTiffIsRefused() {
        byte[] tiff = TestFiles.tiff16Predicted(32, 32, TestFiles.randomSamples(32 * 32, 65535, 4),
                new TiffBuilder(ByteOrder.LITTLE_ENDIAN));
        // the strip comes first in these files: cutting the end loses the directory
        assertRefused(Arrays.copyOf(tiff, tiff.length - 30), "TIFF");
        byte[] shortStrip = tiff.clone();
        Arrays.fill(shortStrip, 8, 8 + 200, (byte) 0x55); // deflate data destroyed
        assertRefused(shortStrip, "TIFF");
        byte[] badOffset = tiff.clone();
        badOffset[4] = (byte) 0xF0; // IFD offset beyond the end
        badOffset[5] = (byte) 0xFF;
        assertRefused(badOffset, "TIFF");
        assertRefused(Arrays.copyOf(tiff, 8), "TIFF");

        // directory first, pixels after it (as the JDK writes them): the cut loses pixels
        Image image = ImageRoundTripTest.quantized(40, 40, 3, 65535, 5);
        for (int bits : new int[] {8, 16}) {
            byte[] whole = ImageCodec.encode(image,
                    new DecodedImage(image, null, bits, dev.revive.model.ImageFormat.TIFF));
            assertTrue(TiffTags.parse(whole).integer(273).orElseThrow() > 8);
            assertRefused(Arrays.copyOf(whole, whole.length * 2 / 3), "TIFF");
        }
    }

    @Test
    void decompressionBombsAreRefusedFromTheHeader() {
        for (byte[] bomb : new byte[][] {
                TestFiles.pngHeaderOnly(100_000, 100_000),
                TestFiles.tiffHeaderOnly(100_000, 100_000)}) {
            var limited = assertThrows(ImageTooLargeException.class,
                    () -> ImageCodec.decode(bomb, 50_000_000L));
            assertEquals(100_000, limited.width());
            assertEquals(10_000_000_000L, limited.pixels());
            assertThrows(ImageTooLargeException.class, () -> ImageCodec.decode(bomb));
        }
    }

    @Test
    void cmykJpegIsRefusedClearly() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int i = 0; i < 16; i++) {
            cmyk.setSample(i, i, i % 4, 200);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        assertEquals(4, JpegSegments.read(out.toByteArray()).components());
        assertRefused(out.toByteArray(), "CMYK");
    }

    private static void assertRefused(byte[] bytes, String expected) {
        var error = assertThrows(UnsupportedImageException.class, () -> ImageCodec.decode(bytes));
        assertTrue(error.getMessage().contains(expected),
                "'" + error.getMessage() + "' should mention " + expected);
    }
}
