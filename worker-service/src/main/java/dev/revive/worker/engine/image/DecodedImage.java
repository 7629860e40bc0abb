package dev.revive.worker.engine.image;

import dev.revive.model.ImageFormat;

/**
 * What a decoded file carries besides its colour: alpha, sample depth, format and metadata, so
 * that the result can be written back in the same form the user sent
 * ({@link ImageCodec#encode(Image, DecodedImage)}).
 *
 * @param color the colour planes in [0,1]
 * @param alpha opacity in [0,1], one sample per pixel (HW), or null when the file has none
 * @param bitDepth 8 or 16, the depth the result should be encoded at
 * @param format the file's format, which the result keeps
 * @param metadata EXIF, ICC, XMP and the like, to be written back unchanged
 */
public record DecodedImage(Image color, float[] alpha, int bitDepth, ImageFormat format,
        ImageMetadata metadata) {

    public DecodedImage {
        if (color == null) {
            throw new IllegalArgumentException("color must not be null");
        }
        if (alpha != null && alpha.length != color.pixelCount()) {
            throw new IllegalArgumentException(
                    "alpha needs " + color.pixelCount() + " samples, got " + alpha.length);
        }
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (format == ImageFormat.JPEG && (bitDepth != 8 || alpha != null)) {
            throw new IllegalArgumentException("a JPEG has 8-bit samples and no alpha");
        }
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null, use ImageMetadata.NONE");
        }
    }

    /** A file with nothing but pixels. */
    public DecodedImage(Image color, float[] alpha, int bitDepth, ImageFormat format) {
        this(color, alpha, bitDepth, format, ImageMetadata.NONE);
    }

    public boolean hasAlpha() {
        return alpha != null;
    }
}
