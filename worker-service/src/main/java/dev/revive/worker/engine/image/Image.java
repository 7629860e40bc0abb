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

    /**
     * This image with {@code count} channels: gray repeated into RGB, or RGB to gray by the Rec. 601
     * luma weights, so that a guide or a mask photo can meet an image of the other kind.
     */
    public Image withChannels(int count) {
        if (count == channels) {
            return this;
        }
        if (count != 1 && count != 3) {
            throw new IllegalArgumentException("an image has 1 or 3 channels, not " + count);
        }
        long pixelCount = pixelCount();
        float[] out = new float[Math.toIntExact(pixelCount * count)];
        for (int p = 0; p < pixelCount; p++) {
            if (count == 3) {
                out[3 * p] = pixels[p];
                out[3 * p + 1] = pixels[p];
                out[3 * p + 2] = pixels[p];
            } else {
                float luma = 0.299f * pixels[3 * p] + 0.587f * pixels[3 * p + 1] + 0.114f * pixels[3 * p + 2];
                out[p] = Math.min(1f, luma);
            }
        }
        return new Image(width, height, count, out);
    }

    /**
     * This image made at most {@code maxSide} pixels on its longer side by averaging whole blocks
     * (area sampling, so previews do not alias); returned as is when already that small.
     */
    public Image shrunkTo(int maxSide) {
        int factor = (Math.max(width, height) + maxSide - 1) / maxSide;
        if (factor <= 1) {
            return this;
        }
        int outWidth = Math.max(1, width / factor);
        int outHeight = Math.max(1, height / factor);
        float[] out = new float[outWidth * outHeight * channels];
        float weight = 1f / (factor * factor);
        for (int y = 0; y < outHeight * factor; y++) {
            for (int x = 0; x < outWidth * factor; x++) {
                int target = ((y / factor) * outWidth + x / factor) * channels;
                int source = index(x, y, 0);
                for (int c = 0; c < channels; c++) {
                    out[target + c] += pixels[source + c] * weight;
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, out[i]);
        }
        return new Image(outWidth, outHeight, channels, out);
    }

    /** The {@code width} x {@code height} region whose top-left pixel is ({@code x}, {@code y}). */
    public Image crop(int x, int y, int width, int height) {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > this.width
                || y + height > this.height) {
            throw new IllegalArgumentException("cannot crop " + width + "x" + height + " at " + x + ","
                    + y + " from " + this.width + "x" + this.height);
        }
        float[] out = new float[width * height * channels];
        for (int row = 0; row < height; row++) {
            System.arraycopy(pixels, index(x, y + row, 0), out, row * width * channels,
                    width * channels);
        }
        return new Image(width, height, channels, out);
    }

    /** The centred {@code side} x {@code side} square, as the paper's crops are taken. */
    public Image centreCrop(int side) {
        return crop((width - side) / 2, (height - side) / 2, side, side);
    }
}
