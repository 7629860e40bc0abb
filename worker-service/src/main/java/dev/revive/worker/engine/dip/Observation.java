package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;

/**
 * What a task gives Deep Image Prior to explain. Every task of the paper is this one shape: the
 * degraded photo, which of its pixels are known, what the network is fed, and how much larger the
 * answer is than the observation.
 *
 * @param degraded the photo as observed: noisy, small (super-resolution), holed, or shot without
 *     flash
 * @param known HW (one sample per pixel of {@code degraded}): 1 where the pixel is known, 0 where
 *     it must be filled; null when every pixel is known
 * @param guide fed to the network instead of a random code (flash-guided restoration: the flash
 *     shot of the same scene), at the output size; null for a random code
 * @param scale output side over observed side: 1, or the super-resolution factor
 */
public record Observation(Image degraded, float[] known, Image guide, int scale) {

    public Observation {
        if (degraded == null) {
            throw new IllegalArgumentException("degraded image must not be null");
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        if (known != null && known.length != degraded.pixelCount()) {
            throw new IllegalArgumentException("the known-pixel mask needs " + degraded.pixelCount()
                    + " samples, got " + known.length);
        }
        if (guide != null && ((long) guide.width() != (long) degraded.width() * scale
                || (long) guide.height() != (long) degraded.height() * scale)) {
            throw new IllegalArgumentException("the guide is " + guide.width() + "x" + guide.height()
                    + " but the output will be " + (long) degraded.width() * scale + "x"
                    + (long) degraded.height() * scale);
        }
    }

    public static Observation noisy(Image noisy) {
        return new Observation(noisy, null, null, 1);
    }

    public static Observation lowResolution(Image small, int factor) {
        return new Observation(small, null, null, factor);
    }

    public static Observation withHoles(Image image, float[] known) {
        return new Observation(image, known, null, 1);
    }

    public static Observation guidedBy(Image degraded, Image guide) {
        return new Observation(degraded, null, guide, 1);
    }

    public int outputWidth() {
        return degraded.width() * scale;
    }

    /** Whether a mask marks any pixel unknown: without one, an inpainting has nothing to fill. */
    public boolean hasHoles() {
        if (known != null) {
            for (float k : known) {
                if (k < 1f) {
                    return true;
                }
            }
        }
        return false;
    }

    public int outputHeight() {
        return degraded.height() * scale;
    }

    /**
     * The part of this observation that explains the output region at ({@code x}, {@code y}) of
     * {@code width} x {@code height}; the region's corners must fall on whole observed pixels.
     */
    public Observation region(int x, int y, int width, int height) {
        if (x % scale != 0 || y % scale != 0 || width % scale != 0 || height % scale != 0) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + width + "x" + height
                    + " is not on the x" + scale + " grid of the observation");
        }
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > outputWidth()
                || y + height > outputHeight()) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + width + "x" + height
                    + " is outside the " + outputWidth() + "x" + outputHeight() + " output");
        }
        int ox = x / scale;
        int oy = y / scale;
        int ow = width / scale;
        int oh = height / scale;
        return new Observation(degraded.crop(ox, oy, ow, oh),
                known == null ? null : crop(known, degraded.width(), ox, oy, ow, oh),
                guide == null ? null : guide.crop(x, y, width, height), scale);
    }

    private static float[] crop(float[] plane, int rowWidth, int x, int y, int width, int height) {
        float[] out = new float[width * height];
        for (int row = 0; row < height; row++) {
            System.arraycopy(plane, (y + row) * rowWidth + x, out, row * width, width);
        }
        return out;
    }
}
