package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;

/**
 * An image grown by reflection at its bottom and right to a size the network accepts, with the
 * mask of its original region and the way back. Reflection rather than zeros keeps the padded
 * border statistically like the image, so the batch-norm statistics are not skewed by it.
 *
 * @param padded the grown image
 * @param mask HW, 1 on the original pixels and 0 on the padding
 * @param width original width
 * @param height original height
 */
public record PaddedImage(Image padded, float[] mask, int width, int height) {

    /** Pads {@code image} to {@code paddedWidth} x {@code paddedHeight}. */
    public static PaddedImage reflect(Image image, int paddedWidth, int paddedHeight) {
        int width = image.width();
        int height = image.height();
        if (paddedWidth < width || paddedHeight < height) {
            throw new IllegalArgumentException("cannot pad " + width + "x" + height + " to "
                    + paddedWidth + "x" + paddedHeight);
        }
        int channels = image.channels();
        float[] source = image.pixels();
        float[] pixels = new float[paddedWidth * paddedHeight * channels];
        float[] mask = new float[paddedWidth * paddedHeight];
        for (int y = 0; y < paddedHeight; y++) {
            int sourceY = reflectIndex(y, height);
            for (int x = 0; x < paddedWidth; x++) {
                int sourceX = reflectIndex(x, width);
                System.arraycopy(source, (sourceY * width + sourceX) * channels,
                        pixels, (y * paddedWidth + x) * channels, channels);
                mask[y * paddedWidth + x] = x < width && y < height ? 1f : 0f;
            }
        }
        return new PaddedImage(new Image(paddedWidth, paddedHeight, channels, pixels), mask,
                width, height);
    }

    /** Cuts the original region out of a padded-size result (HWC, same channels). */
    public Image crop(float[] paddedPixels) {
        int channels = padded.channels();
        int paddedWidth = padded.width();
        if (paddedPixels.length != padded.pixels().length) {
            throw new IllegalArgumentException(
                    "expected " + padded.pixels().length + " samples, got " + paddedPixels.length);
        }
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(paddedPixels, y * paddedWidth * channels,
                    pixels, y * width * channels, width * channels);
        }
        return new Image(width, height, channels, pixels);
    }

    /** Mirror without repeating the edge (numpy "reflect"), folded for pads longer than the image. */
    static int reflectIndex(int index, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int folded = index % period;
        return folded < size ? folded : period - folded;
    }
}
