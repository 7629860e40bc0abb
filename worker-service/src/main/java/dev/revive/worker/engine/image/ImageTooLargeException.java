package dev.revive.worker.engine.image;

import dev.revive.model.UnsupportedImageException;

/**
 * Refused before decoding, so that a huge upload cannot exhaust the worker's memory. Not an
 * {@link UnsupportedImageException}: the file is fine, the deployment's limit is what stops it,
 * and callers report the two differently.
 */
public final class ImageTooLargeException extends RuntimeException {

    private final int width;
    private final int height;
    private final long pixels;
    private final long maxPixels;

    public ImageTooLargeException(int width, int height, long maxPixels) {
        super("the image is " + width + "x" + height + " pixels, more than the limit of " + maxPixels
                + " pixels");
        this.width = width;
        this.height = height;
        this.pixels = (long) width * height;
        this.maxPixels = maxPixels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long pixels() {
        return pixels;
    }

    public long maxPixels() {
        return maxPixels;
    }
}
