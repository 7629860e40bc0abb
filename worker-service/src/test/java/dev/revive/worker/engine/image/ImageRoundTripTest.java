package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** A result is written in its input's form: format, depth, gray or colour, alpha. */
class ImageRoundTripTest {

    @Test
    void pngAndTiffKeepEveryLayoutAndDepthExactly() {
        for (ImageFormat format : new ImageFormat[] {ImageFormat.PNG, ImageFormat.TIFF}) {
            for (int bits : new int[] {8, 16}) {
                int max = (1 << bits) - 1;
                for (int channels : new int[] {1, 3}) {
                    for (boolean withAlpha : new boolean[] {false, true}) {
                        String what = format + " " + bits + "-bit " + channels + "ch alpha=" + withAlpha;
                        Image image = quantized(11, 7, channels, max, bits + channels);
                        float[] alpha = withAlpha ? quantized(11, 7, 1, max, 99).pixels() : null;
                        byte[] file = ImageCodec.encode(image,
                                new DecodedImage(image, alpha, bits, format));
                        DecodedImage source = ImageCodec.decode(file);
                        assertEquals(format, source.format(), what);
                        assertEquals(bits, source.bitDepth(), what);
                        assertEquals(channels, source.color().channels(), what);
                        assertArrayEquals(image.pixels(), source.color().pixels(), what);
                        assertArrayEquals(alpha, source.alpha(), what);

                        // a restoration that changes the colour keeps the alpha untouched
                        Image restored = quantized(11, 7, channels, max, 7);
                        DecodedImage result =
                                ImageCodec.decode(ImageCodec.encode(restored, source));
                        assertEquals(format, result.format(), what);
                        assertEquals(bits, result.bitDepth(), what);
                        assertArrayEquals(restored.pixels(), result.color().pixels(), what);
                        assertArrayEquals(alpha, result.alpha(), what);
                    }
                }
            }
        }
    }

    @Test
    void sixteenBitPrecisionSurvivesWhereEightBitsWouldRound() {
        Image fine = new Image(2, 1, 1, new float[] {1000 / 65535f, 1001 / 65535f});
        for (ImageFormat format : new ImageFormat[] {ImageFormat.PNG, ImageFormat.TIFF}) {
            DecodedImage decoded = ImageCodec.decode(
                    ImageCodec.encode(fine, new DecodedImage(fine, null, 16, format)));
            assertEquals(1000 / 65535f, decoded.color().pixel(0, 0, 0), 0f);
            assertEquals(1001 / 65535f, decoded.color().pixel(1, 0, 0), 0f);
        }
    }

    @Test
    void palettePngComesBackAsTrueColourWithItsTransparency() {
        byte[] red = {(byte) 255, 10};
        byte[] green = {0, (byte) 128};
        byte[] blue = {0, (byte) 255};
        byte[] opacity = {(byte) 255, 64};
        BufferedImage indexed = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 2, red, green, blue, opacity));
        indexed.getRaster().setSample(2, 1, 0, 1);
        DecodedImage source = ImageCodec.decode(TestFiles.write(indexed, "png"));
        DecodedImage result = ImageCodec.decode(ImageCodec.encode(source.color(), source));
        assertEquals(ImageFormat.PNG, result.format());
        assertArrayEquals(source.color().pixels(), result.color().pixels());
        assertArrayEquals(source.alpha(), result.alpha());
        assertEquals(64 / 255f, result.alpha()[1 * 4 + 2]);
    }

    @Test
    void tiffKeepsItsLosslessCompression() throws IOException {
        BufferedImage rgb = noise(BufferedImage.TYPE_3BYTE_BGR, 24, 16, 5);
        for (String type : new String[] {null, "LZW", "ZLib", "PackBits"}) {
            byte[] source = writeTiff(rgb, type);
            int compression = TiffTags.parse(source).integer(259).orElseThrow();
            DecodedImage decoded = ImageCodec.decode(source);
            assertArrayEquals(pixelsOf(rgb), decoded.color().pixels(), String.valueOf(type));
            byte[] result = ImageCodec.encode(decoded.color(), decoded);
            assertEquals(compression, TiffTags.parse(result).integer(259).orElseThrow(), type);
            assertArrayEquals(pixelsOf(rgb), ImageCodec.decode(result).color().pixels(), type);
        }
        // lossy JPEG-in-TIFF is written back losslessly (deflate)
        DecodedImage jpegTiff = ImageCodec.decode(writeTiff(rgb, "JPEG"));
        byte[] result = ImageCodec.encode(jpegTiff.color(), jpegTiff);
        assertEquals(8, TiffTags.parse(result).integer(259).orElseThrow());
        assertArrayEquals(jpegTiff.color().pixels(), ImageCodec.decode(result).color().pixels());
    }

    /** Photoshop's 16-bit TIFFs use a predictor the JDK's reader does not support. */
    @Test
    void readsSixteenBitTiffWithPredictor() {
        int[] samples = TestFiles.randomSamples(9 * 5, 65535, 3);
        byte[] tiff = TestFiles.tiff16Predicted(9, 5, samples,
                new TiffBuilder(ByteOrder.LITTLE_ENDIAN));
        DecodedImage decoded = ImageCodec.decode(tiff);
        assertEquals(16, decoded.bitDepth());
        assertEquals(1, decoded.color().channels());
        for (int i = 0; i < samples.length; i++) {
            assertEquals(samples[i] / 65535f, decoded.color().pixels()[i], 0f, "sample " + i);
        }
        DecodedImage again = ImageCodec.decode(ImageCodec.encode(decoded.color(), decoded));
        assertEquals(16, again.bitDepth());
        assertArrayEquals(decoded.color().pixels(), again.color().pixels());
    }

    @Test
    void jpegStaysJpegInColourGrayAndProgressive() throws IOException {
        BufferedImage rgb = smooth(BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage colour = ImageCodec.decode(TestFiles.write(rgb, "jpeg"));
        byte[] colourOut = ImageCodec.encode(colour.color(), colour);
        DecodedImage colourBack = ImageCodec.decode(colourOut);
        assertEquals(ImageFormat.JPEG, colourBack.format());
        assertEquals(3, colourBack.color().channels());
        assertTrue(Metrics.psnr(colour.color(), colourBack.color()) > 38,
                "quality 95 loses little: " + Metrics.psnr(colour.color(), colourBack.color()));

        DecodedImage gray = ImageCodec.decode(TestFiles.write(smooth(BufferedImage.TYPE_BYTE_GRAY), "jpeg"));
        DecodedImage grayBack = ImageCodec.decode(ImageCodec.encode(gray.color(), gray));
        assertEquals(1, grayBack.color().channels());
        assertEquals(1, JpegSegments.read(ImageCodec.encode(gray.color(), gray)).components());

        DecodedImage progressive = ImageCodec.decode(writeProgressiveJpeg(rgb));
        byte[] progressiveOut = ImageCodec.encode(progressive.color(), progressive);
        assertEquals(2, JpegSegments.read(progressiveOut).frameType());
        assertTrue(JpegSegments.read(colourOut).frameType() < 2);
    }

    @Test
    void jpegKeepsFullChromaWhenTheSourceHadIt() throws IOException {
        BufferedImage rgb = smooth(BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage subsampled = ImageCodec.decode(TestFiles.write(rgb, "jpeg"));
        assertEquals(4, JpegSegments.read(ImageCodec.encode(subsampled.color(), subsampled))
                .lumaSampling(), "the JDK's default 4:2:0 stays");

        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        var metadata = writer.getDefaultImageMetadata(new javax.imageio.ImageTypeSpecifier(rgb), param);
        var tree = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
        var specs = ((org.w3c.dom.Element) tree).getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            ((org.w3c.dom.Element) specs.item(i)).setAttribute("HsamplingFactor", "1");
            ((org.w3c.dom.Element) specs.item(i)).setAttribute("VsamplingFactor", "1");
        }
        metadata.setFromTree("javax_imageio_jpeg_image_1.0", tree);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(rgb, null, metadata), param);
        } finally {
            writer.dispose();
        }
        assertEquals(1, JpegSegments.read(out.toByteArray()).lumaSampling());
        DecodedImage full = ImageCodec.decode(out.toByteArray());
        assertEquals(1, JpegSegments.read(ImageCodec.encode(full.color(), full)).lumaSampling());
    }

    @Test
    void lowDepthGrayPngComesBackAsEightBitGray() {
        for (int bits : new int[] {1, 2, 4}) {
            int levels = (1 << bits) - 1;
            var model = new IndexColorModel(bits, levels + 1, grayRamp(levels), grayRamp(levels),
                    grayRamp(levels));
            BufferedImage low = new BufferedImage(9, 4, BufferedImage.TYPE_BYTE_BINARY, model);
            for (int x = 0; x < 9; x++) {
                low.getRaster().setSample(x, 1, 0, x % (levels + 1));
            }
            DecodedImage decoded = ImageCodec.decode(TestFiles.write(low, "png"));
            assertEquals(1, decoded.color().channels(), bits + "-bit");
            assertEquals(8, decoded.bitDepth());
            for (int x = 0; x < 9; x++) {
                int level = x % (levels + 1);
                assertEquals(Math.round(level * 255f / levels) / 255f,
                        decoded.color().pixel(x, 1, 0), 1e-6, bits + "-bit x=" + x);
            }
            DecodedImage again = ImageCodec.decode(ImageCodec.encode(decoded.color(), decoded));
            assertArrayEquals(decoded.color().pixels(), again.color().pixels());
        }
    }

    private static byte[] grayRamp(int levels) {
        byte[] ramp = new byte[levels + 1];
        for (int i = 0; i <= levels; i++) {
            ramp[i] = (byte) Math.round(i * 255f / levels);
        }
        return ramp;
    }

    @Test
    void superResolvedResultScalesTheAlphaWithIt() {
        Image small = quantized(3, 2, 3, 255, 1);
        float[] alpha = {0f, 1f, 0.5f, 1f, 0f, 1f};
        DecodedImage source = new DecodedImage(small, alpha, 8, ImageFormat.PNG);
        Image large = quantized(6, 4, 3, 255, 2);
        DecodedImage result = ImageCodec.decode(ImageCodec.encode(large, source));
        assertEquals(6, result.color().width());
        assertEquals(0f, result.alpha()[0]);
        assertEquals(0f, result.alpha()[1]);
        assertEquals(1f, result.alpha()[2]);
        assertEquals(128 / 255f, result.alpha()[5]);
        assertEquals(0f, result.alpha()[3 * 6 + 2]);
    }

    @Test
    void pngWithoutMetadataHasNone() {
        Image image = quantized(5, 4, 3, 255, 1);
        DecodedImage decoded = ImageCodec.decode(ImageCodec.encodePng(image, null, 8));
        assertEquals(1, decoded.metadata().orientation());
        assertTrue(decoded.metadata().iccProfile().isEmpty());
        assertTrue(decoded.metadata().text().isEmpty());
        assertNull(decoded.alpha());
    }

    static Image quantized(int width, int height, int channels, int max, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(max + 1) / (float) max;
        }
        pixels[0] = 0f;
        pixels[pixels.length - 1] = 1f;
        return new Image(width, height, channels, pixels);
    }

    static BufferedImage smooth(int type) {
        BufferedImage image = new BufferedImage(40, 30, type);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 128);
            }
        }
        return image;
    }

    static BufferedImage noise(int type, int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    static float[] pixelsOf(BufferedImage image) {
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
        return pixels;
    }

    private static byte[] writeTiff(BufferedImage image, String compression) throws IOException {
        ImageWriter writer = jdkWriter("tiff");
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (compression == null) {
            param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
        } else {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(compression);
        }
        return write(writer, image, param);
    }

    private static byte[] writeProgressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return write(writer, image, param);
    }

    private static ImageWriter jdkWriter(String format) {
        var writers = ImageIO.getImageWritersByFormatName(format);
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith("com.sun.")) {
                return writer;
            }
        }
        throw new IllegalStateException("no JDK writer for " + format);
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
