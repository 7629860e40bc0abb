package dev.revive.model;

/** What the header of an image says, read without decoding its pixels. */
public record ImageInfo(ImageFormat format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
