package dev.revive.worker.engine.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * PNG, JPEG and TIFF in and out, through the JDK's own ImageIO so the engine needs no native codec.
 *
 * <p>Samples are taken from the raster as stored, not through {@code getRGB}: ImageIO tags gray
 * PNGs with a linear colour space, and converting through sRGB would brighten them.
 */
public final class ImageCodec {

    /** Largest image whose RGB + alpha samples still fit one Java array. */
    public static final long ARRAY_PIXEL_LIMIT = Integer.MAX_VALUE / 4;

    private ImageCodec() {}

    /** Decodes with no limit beyond what a Java array can hold. */
    public static DecodedImage decode(byte[] bytes) {
        return decode(bytes, ARRAY_PIXEL_LIMIT);
    }

    /**
     * Decodes the first image of a PNG, JPEG or TIFF file. The dimensions are read from the header
     * first, so an oversized image is refused before any pixel memory is allocated.
     *
     * @throws ImageTooLargeException when width * height exceeds {@code maxPixels}
     * @throws UnsupportedImageException when the bytes are not a readable PNG, JPEG or TIFF image
     */
    public static DecodedImage decode(byte[] bytes, long maxPixels) {
        if (bytes == null || bytes.length == 0) {
            throw new UnsupportedImageException("the file is empty");
        }
        long limit = Math.min(maxPixels, ARRAY_PIXEL_LIMIT);
        try (ImageInputStream input =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UnsupportedImageException("the file is not a PNG, JPEG or TIFF image");
            }
            ImageReader reader = readers.next();
            try {
                String format = formatOf(reader);
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > limit) {
                    throw new ImageTooLargeException(width, height, limit);
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                rejectTruncation(warnings);
                return toDecoded(image, format);
            } finally {
                reader.dispose();
            }
        } catch (UnsupportedImageException | ImageTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedImageException(
                    "the image could not be read; it may be damaged or truncated", e);
        }
    }

    /**
     * Encodes as PNG at 8 or 16 bits per sample, gray or RGB as given, with the alpha plane when
     * present. Samples are clamped to [0,1] and rounded half up.
     */
    public static byte[] encodePng(Image color, float[] alpha, int bitDepth) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("PNG bit depth must be 8 or 16, got " + bitDepth);
        }
        int width = color.width();
        int height = color.height();
        if (alpha != null && alpha.length != color.pixelCount()) {
            throw new IllegalArgumentException(
                    "alpha needs " + color.pixelCount() + " samples, got " + alpha.length);
        }
        int colorBands = color.channels();
        int bands = colorBands + (alpha != null ? 1 : 0);
        int[] bits = new int[bands];
        Arrays.fill(bits, bitDepth);
        ColorSpace space =
                ColorSpace.getInstance(colorBands == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ColorModel model = new ComponentColorModel(space, bits, alpha != null, false,
                alpha != null ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                bitDepth == 8 ? DataBuffer.TYPE_BYTE : DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        int max = (1 << bitDepth) - 1;
        float[] pixels = color.pixels();
        int[] plane = new int[width * height];
        for (int band = 0; band < colorBands; band++) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = quantize(pixels[i * colorBands + band], max);
            }
            raster.setSamples(0, 0, width, height, band, plane);
        }
        if (alpha != null) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = quantize(alpha[i], max);
            }
            raster.setSamples(0, 0, width, height, colorBands, plane);
        }
        BufferedImage image = new BufferedImage(model, raster, false, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer accepted a " + bands + "-band image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static int quantize(float value, int max) {
        double clamped = value >= 0f ? (value <= 1f ? value : 1.0) : 0.0;
        return (int) (clamped * max + 0.5);
    }

    private static String formatOf(ImageReader reader) throws IOException {
        String name = reader.getFormatName().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "png" -> "png";
            case "jpeg", "jpg" -> "jpeg";
            case "tif", "tiff" -> "tiff";
            default -> throw new UnsupportedImageException("the file is a "
                    + name.toUpperCase(Locale.ROOT) + " image; only PNG, JPEG and TIFF are supported");
        };
    }

    /** ImageIO's JPEG reader only warns on a cut-off file and fills the rest with gray. */
    private static void rejectTruncation(List<String> warnings) {
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncated")) {
                throw new UnsupportedImageException("the image is truncated: " + warning);
            }
        }
    }

    private static DecodedImage toDecoded(BufferedImage image, String format) {
        ColorModel model = image.getColorModel();
        if (model.isAlphaPremultiplied()) {
            image.coerceData(false);
            model = image.getColorModel();
        }
        if (model instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette, format);
        }
        if (isPlainComponentModel(model, image.getRaster())) {
            return fromComponents(image.getRaster(), model, format);
        }
        return fromRgb(image, format);
    }

    private static boolean isPlainComponentModel(ColorModel model, Raster raster) {
        int spaceType = model.getColorSpace().getType();
        int transfer = raster.getTransferType();
        return model instanceof ComponentColorModel
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
                && (spaceType == ColorSpace.TYPE_GRAY || spaceType == ColorSpace.TYPE_RGB)
                && raster.getNumBands() == model.getNumComponents();
    }

    private static DecodedImage fromComponents(Raster raster, ColorModel model, String format) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int colorBands = model.getNumColorComponents();
        int pixelCount = width * height;
        float[] pixels = new float[pixelCount * colorBands];
        int[] plane = new int[pixelCount];
        int maxBits = 0;
        for (int band = 0; band < colorBands; band++) {
            int bits = model.getComponentSize(band);
            maxBits = Math.max(maxBits, bits);
            float max = (1 << bits) - 1;
            raster.getSamples(0, 0, width, height, band, plane);
            for (int i = 0; i < pixelCount; i++) {
                pixels[i * colorBands + band] = Math.min(1f, plane[i] / max);
            }
        }
        float[] alpha = null;
        if (model.hasAlpha()) {
            int bits = model.getComponentSize(colorBands);
            float max = (1 << bits) - 1;
            raster.getSamples(0, 0, width, height, colorBands, plane);
            alpha = new float[pixelCount];
            for (int i = 0; i < pixelCount; i++) {
                alpha[i] = Math.min(1f, plane[i] / max);
            }
        }
        Image color = new Image(width, height, colorBands, pixels);
        return new DecodedImage(color, alpha, maxBits > 8 ? 16 : 8, format);
    }

    private static DecodedImage fromPalette(Raster raster, IndexColorModel palette, String format) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int pixelCount = width * height;
        int[] indices = new int[pixelCount];
        raster.getSamples(0, 0, width, height, 0, indices);
        boolean gray = isGrayPalette(palette);
        int channels = gray ? 1 : 3;
        float[] pixels = new float[pixelCount * channels];
        boolean hasAlpha = palette.hasAlpha();
        float[] alpha = hasAlpha ? new float[pixelCount] : null;
        for (int i = 0; i < pixelCount; i++) {
            int index = indices[i];
            if (gray) {
                pixels[i] = palette.getRed(index) / 255f;
            } else {
                pixels[i * 3] = palette.getRed(index) / 255f;
                pixels[i * 3 + 1] = palette.getGreen(index) / 255f;
                pixels[i * 3 + 2] = palette.getBlue(index) / 255f;
            }
            if (hasAlpha) {
                alpha[i] = palette.getAlpha(index) / 255f;
            }
        }
        return new DecodedImage(new Image(width, height, channels, pixels), alpha, 8, format);
    }

    private static boolean isGrayPalette(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            int red = palette.getRed(i);
            if (red != palette.getGreen(i) || red != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /** Anything unusual (packed ints, float samples, other colour spaces) goes through sRGB. */
    private static DecodedImage fromRgb(BufferedImage image, String format) {
        ColorModel model = image.getColorModel();
        int width = image.getWidth();
        int height = image.getHeight();
        int pixelCount = width * height;
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        boolean gray = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int channels = gray ? 1 : 3;
        float[] pixels = new float[pixelCount * channels];
        float[] alpha = model.hasAlpha() ? new float[pixelCount] : null;
        for (int i = 0; i < pixelCount; i++) {
            int p = argb[i];
            if (gray) {
                pixels[i] = ((p >> 16) & 0xff) / 255f;
            } else {
                pixels[i * 3] = ((p >> 16) & 0xff) / 255f;
                pixels[i * 3 + 1] = ((p >> 8) & 0xff) / 255f;
                pixels[i * 3 + 2] = (p & 0xff) / 255f;
            }
            if (alpha != null) {
                alpha[i] = ((p >>> 24) & 0xff) / 255f;
            }
        }
        int maxBits = 0;
        for (int size : model.getComponentSize()) {
            maxBits = Math.max(maxBits, size);
        }
        return new DecodedImage(new Image(width, height, channels, pixels), alpha,
                maxBits > 8 ? 16 : 8, format);
    }
}
