package dev.revive.worker.engine.image;

import java.util.Set;

/**
 * What a decoded file carries besides its colour: the alpha plane and the sample depth, so that
 * the result can be written back in the same form the user sent.
 *
 * @param color the colour planes in [0,1]
 * @param alpha opacity in [0,1], one sample per pixel (HW), or null when the file has none
 * @param bitDepth 8 or 16, the depth the result should be encoded at
 * @param format "png", "jpeg" or "tiff"
 */
public record DecodedImage(Image color, float[] alpha, int bitDepth, String format) {

    private static final Set<String> FORMATS = Set.of("png", "jpeg", "tiff");

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
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("format must be one of " + FORMATS + ", got " + format);
        }
    }

    public boolean hasAlpha() {
        return alpha != null;
    }
}
