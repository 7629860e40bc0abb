package dev.revive.worker.engine.image;

/**
 * A picture as the engine computes with it: float samples in [0,1], HWC row-major, gray or RGB.
 *
 * <p>The pixel array is shared, not copied: images can be tens of megapixels, and every stage of
 * the engine treats the array as read-only.
 *
 * @param width pixels per row
 * @param height rows
 * @param channels 1 (gray) or 3 (RGB)
 * @param pixels {@code height * width * channels} samples; sample (x, y, c) is at
 *     {@code (y * width + x) * channels + c}
 */
public record Image(int width, int height, int channels, float[] pixels) {

    public Image {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image must have 1 or 3 channels, got " + channels);
        }
        if (pixels == null) {
            throw new IllegalArgumentException("pixels must not be null");
        }
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("expected " + (long) width * height * channels
                    + " samples for " + width + "x" + height + "x" + channels + ", got " + pixels.length);
        }
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("sample " + i + " is " + v + ", outside [0,1]");
            }
        }
    }

    /** Number of pixels, the unit of every size limit. */
    public long pixelCount() {
        return (long) width * height;
    }

    public float pixel(int x, int y, int c) {
        return pixels[index(x, y, c)];
    }

    public int index(int x, int y, int c) {
        return (y * width + x) * channels + c;
    }
}
