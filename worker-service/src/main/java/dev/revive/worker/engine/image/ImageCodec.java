package dev.revive.worker.engine.image;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import dev.revive.model.ImageFormat;
import dev.revive.model.UnsupportedImageException;
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
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * PNG, JPEG and TIFF in and out, keeping the form the user sent: format, bit depth, gray or
 * colour, alpha and metadata. Pixels go through the JDK's ImageIO, TIFF pixels through TwelveMonkeys
 * (the JDK cannot read 16-bit TIFFs with a predictor); metadata is copied at the container level
 * ({@link JpegSegments}, {@link PngChunks}, {@link TiffTags}) so nothing is lost in translation.
 *
 * <p>Samples are taken from the raster as stored, not through {@code getRGB}: ImageIO tags gray
 * PNGs with a linear colour space, and converting through sRGB would brighten them; a photo with
 * an ICC profile likewise stays in its profile's space and gets the profile back on the way out.
 */
public final class ImageCodec {

    /** Largest image whose RGB + alpha samples still fit one Java array. */
    public static final long ARRAY_PIXEL_LIMIT = Integer.MAX_VALUE / 4;

    /** JPEG results: high enough that a restoration is not undone by its own encoding. */
    public static final float JPEG_QUALITY = 0.95f;

    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    private ImageCodec() {}

    /** Decodes with no limit beyond what a Java array can hold. */
    public static DecodedImage decode(byte[] bytes) {
        return decode(bytes, ARRAY_PIXEL_LIMIT);
    }

    /**
     * Decodes the first image of a PNG, JPEG or TIFF file with its metadata. The dimensions are
     * read from the header first, so an oversized image is refused before any pixel memory is
     * allocated.
     *
     * @throws ImageTooLargeException when width * height exceeds {@code maxPixels}
     * @throws UnsupportedImageException when the bytes are not a readable PNG, JPEG or TIFF image
     */
    public static DecodedImage decode(byte[] bytes, long maxPixels) {
        if (bytes == null || bytes.length == 0) {
            throw new UnsupportedImageException("the file is empty");
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> notSupported(bytes));
        long limit = Math.min(maxPixels, ARRAY_PIXEL_LIMIT);
        try (ImageInputStream input =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(format);
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > limit) {
                    throw new ImageTooLargeException(width, height, limit);
                }
                ImageMetadata metadata = readMetadata(format, bytes);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0, readParam(reader, metadata));
                rejectTruncation(warnings);
                return toDecoded(image, format, metadata);
            } finally {
                reader.dispose();
            }
        } catch (UnsupportedImageException | ImageTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedImageException("the " + format + " image could not be read; it may"
                    + " be damaged or truncated", e);
        }
    }

    /**
     * Encodes a result in its source's form: same format, same bit depth (JPEG: 8 bits at quality
     * 95, the source's chroma subsampling), the source's alpha and metadata, gray or RGB as
     * {@code color} is. Lossless for PNG and TIFF. When {@code color} is larger than the source
     * (super-resolution) the alpha plane is scaled up with it, nearest neighbour.
     *
     * @return the file's bytes; its type and extension are {@code source.format()}'s
     */
    public static byte[] encode(Image color, DecodedImage source) {
        float[] alpha = source.hasAlpha() ? resizeAlpha(source, color.width(), color.height()) : null;
        ImageMetadata metadata = source.metadata();
        return switch (source.format()) {
            case PNG -> {
                byte[] png = encodePng(color, alpha, source.bitDepth());
                yield metadata.png() == null ? png : metadata.png().insertInto(png);
            }
            case JPEG -> encodeJpeg(color, metadata.jpeg());
            case TIFF -> encodeTiff(color, alpha, source.bitDepth(), metadata);
        };
    }

    /**
     * Encodes as PNG at 8 or 16 bits per sample, gray or RGB as given, with the alpha plane when
     * present and no metadata. Samples are clamped to [0,1] and rounded half up.
     */
    public static byte[] encodePng(Image color, float[] alpha, int bitDepth) {
        BufferedImage image = toBufferedImage(color, alpha, bitDepth);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer accepted the image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encodeJpeg(Image color, JpegSegments source) {
        BufferedImage image = toBufferedImage(color, null, 8);
        ImageWriter writer = jdkWriter("jpeg");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            if (source != null && source.frameType() == 2) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            IIOMetadata metadata =
                    writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            if (source != null && source.lumaSampling() == 1 && color.channels() == 3) {
                fullChroma(metadata);
            }
            byte[] jpeg = write(writer, new IIOImage(image, null, metadata), param);
            return source == null ? jpeg : source.insertInto(jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** 4:4:4: every component sampled at full resolution, as the source was. */
    private static void fullChroma(IIOMetadata metadata) throws IOException {
        Node tree = metadata.getAsTree(JPEG_METADATA);
        for (Node node = tree.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!node.getNodeName().equals("markerSequence")) {
                continue;
            }
            for (Node marker = node.getFirstChild(); marker != null;
                    marker = marker.getNextSibling()) {
                if (!marker.getNodeName().equals("sof")) {
                    continue;
                }
                for (Node spec = marker.getFirstChild(); spec != null;
                        spec = spec.getNextSibling()) {
                    ((Element) spec).setAttribute("HsamplingFactor", "1");
                    ((Element) spec).setAttribute("VsamplingFactor", "1");
                }
            }
        }
        metadata.setFromTree(JPEG_METADATA, tree);
    }

    private static byte[] encodeTiff(Image color, float[] alpha, int bitDepth,
            ImageMetadata metadata) {
        BufferedImage image = toBufferedImage(color, alpha, bitDepth);
        ImageWriter writer = jdkWriter("tiff");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            String compression = tiffCompression(metadata.tiffCompression());
            if (compression == null) {
                param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
            } else {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            TiffTags tags = metadata.tiff();
            IIOMetadata fields = tags == null ? null
                    : TiffFields.metadata(tags.entries(), tags.order());
            return write(writer, new IIOImage(image, null, fields), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** The source's lossless compression; lossy or unknown ones become ZLib (deflate). */
    private static String tiffCompression(int tag) {
        return switch (tag) {
            case 1 -> null;
            case 5 -> "LZW";
            case 32773 -> "PackBits";
            default -> "ZLib";
        };
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, image, param);
        }
        return out.toByteArray();
    }

    private static BufferedImage toBufferedImage(Image color, float[] alpha, int bitDepth) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
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
        return new BufferedImage(model, raster, false, null);
    }

    private static float[] resizeAlpha(DecodedImage source, int width, int height) {
        Image from = source.color();
        if (from.width() == width && from.height() == height) {
            return source.alpha();
        }
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            int sy = (int) ((long) y * from.height() / height);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = source.alpha()[sy * from.width()
                        + (int) ((long) x * from.width() / width)];
            }
        }
        return out;
    }

    static int quantize(float value, int max) {
        double clamped = value >= 0f ? (value <= 1f ? value : 1.0) : 0.0;
        return (int) (clamped * max + 0.5);
    }

    /**
     * Keeps an ICC-tagged JPEG in its own colour space: by default the JDK converts it to sRGB,
     * which, with the profile written back on the way out, would shift the colours twice.
     */
    private static ImageReadParam readParam(ImageReader reader, ImageMetadata metadata)
            throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (metadata.jpeg() == null || metadata.iccProfile().isEmpty()) {
            return param;
        }
        int components = metadata.jpeg().components();
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            ImageTypeSpecifier type = types.next();
            ColorSpace space = type.getColorModel().getColorSpace();
            if (space.getNumComponents() == components && !space.isCS_sRGB()
                    && space != ColorSpace.getInstance(ColorSpace.CS_GRAY)) {
                // a destination, not a destination type: the JDK compares types by profile
                // instance and would refuse its own
                param.setDestination(type.createBufferedImage(reader.getWidth(0),
                        reader.getHeight(0)));
                break;
            }
        }
        return param;
    }

    /** Names a format we do not take (GIF, BMP...) when ImageIO knows it, for a plain message. */
    private static UnsupportedImageException notSupported(byte[] bytes) {
        try (ImageInputStream input =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (readers.hasNext()) {
                String name = readers.next().getFormatName().toUpperCase(Locale.ROOT);
                return new UnsupportedImageException(
                        "the file is a " + name + " image; only PNG, JPEG and TIFF are supported");
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the generic answer
        }
        return new UnsupportedImageException("the file is not a PNG, JPEG or TIFF image");
    }

    /**
     * The JDK's PNG and JPEG readers; TwelveMonkeys' TIFF reader, chosen by hand so that the
     * result does not depend on which plugins the class loader happened to register.
     */
    private static ImageReader readerFor(ImageFormat format) throws IOException {
        if (format == ImageFormat.TIFF) {
            return new TIFFImageReaderSpi().createReaderInstance();
        }
        String name = format == ImageFormat.PNG ? "png" : "jpeg";
        return jdkPlugin(ImageIO.getImageReadersByFormatName(name), name);
    }

    /** The JDK's writers: TwelveMonkeys' TIFF writer cannot write EXIF sub-directories. */
    private static ImageWriter jdkWriter(String name) {
        return jdkPlugin(ImageIO.getImageWritersByFormatName(name), name);
    }

    private static <T> T jdkPlugin(Iterator<T> plugins, String name) {
        T first = null;
        while (plugins.hasNext()) {
            T plugin = plugins.next();
            if (plugin.getClass().getName().startsWith("com.sun.imageio.")) {
                return plugin;
            }
            first = first != null ? first : plugin;
        }
        if (first == null) {
            throw new IllegalStateException("this JVM has no ImageIO plugin for " + name);
        }
        return first;
    }

    private static ImageMetadata readMetadata(ImageFormat format, byte[] bytes) {
        return switch (format) {
            case PNG -> ImageMetadata.ofPng(PngChunks.read(bytes));
            case JPEG -> ImageMetadata.ofJpeg(checkedJpeg(JpegSegments.read(bytes)));
            case TIFF -> tiffMetadata(bytes);
        };
    }

    /** The JDK decodes 3-component baseline and progressive JPEGs; say so for the rest. */
    private static JpegSegments checkedJpeg(JpegSegments jpeg) {
        if (jpeg.components() == 4) {
            throw new UnsupportedImageException("CMYK and YCCK JPEGs are not supported; save the"
                    + " photo as an RGB JPEG, PNG or TIFF");
        }
        if (!jpeg.isBaselineOrProgressive()) {
            throw new UnsupportedImageException("lossless, hierarchical and arithmetic-coded JPEGs"
                    + " are not supported; save the photo as a baseline JPEG, PNG or TIFF");
        }
        if (jpeg.components() != 1 && jpeg.components() != 3) {
            throw new UnsupportedImageException(
                    "JPEGs with " + jpeg.components() + " components are not supported");
        }
        return jpeg;
    }

    /** Tags the reader understands, parsed again here to keep the ones it drops (XMP, IPTC). */
    private static ImageMetadata tiffMetadata(byte[] bytes) {
        TiffTags tags;
        try {
            tags = TiffTags.parse(bytes);
        } catch (IllegalArgumentException e) {
            return ImageMetadata.NONE; // the pixel reader already read this far; keep the pixels
        }
        int compression = tags.integer(259).orElse(1);
        int photometric = tags.integer(262).orElse(2);
        List<TiffTags.Entry> carried = TiffFields.carried(tags);
        if (photometric == 5 || photometric >= 8) {
            // CMYK and Lab are converted to RGB on reading: their profile no longer applies
            carried = carried.stream().filter(e -> e.tag() != TiffFields.ICC_PROFILE).toList();
        }
        return ImageMetadata.ofTiff(new TiffTags(tags.order(), carried), compression);
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

    private static DecodedImage toDecoded(BufferedImage image, ImageFormat format,
            ImageMetadata metadata) {
        ColorModel model = image.getColorModel();
        if (model.isAlphaPremultiplied()) {
            image.coerceData(false);
            model = image.getColorModel();
        }
        if (model instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette, format, metadata);
        }
        if (isPlainComponentModel(model, image.getRaster())) {
            return fromComponents(image.getRaster(), model, format, metadata);
        }
        return fromRgb(image, format, metadata);
    }

    private static boolean isPlainComponentModel(ColorModel model, Raster raster) {
        int spaceType = model.getColorSpace().getType();
        int transfer = raster.getTransferType();
        return model instanceof ComponentColorModel
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
                && (spaceType == ColorSpace.TYPE_GRAY || spaceType == ColorSpace.TYPE_RGB)
                && raster.getNumBands() == model.getNumComponents();
    }

    private static DecodedImage fromComponents(Raster raster, ColorModel model,
            ImageFormat format, ImageMetadata metadata) {
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
        return new DecodedImage(color, alpha, maxBits > 8 ? 16 : 8, format, metadata);
    }

    private static DecodedImage fromPalette(Raster raster, IndexColorModel palette,
            ImageFormat format, ImageMetadata metadata) {
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
        return new DecodedImage(new Image(width, height, channels, pixels), alpha, 8, format,
                metadata);
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
    private static DecodedImage fromRgb(BufferedImage image, ImageFormat format,
            ImageMetadata metadata) {
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
                maxBits > 8 ? 16 : 8, format, metadata);
    }
}
