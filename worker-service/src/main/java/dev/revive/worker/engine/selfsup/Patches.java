package dev.revive.worker.engine.selfsup;

/**
 * A batch of square patches, NHWC, as fed to the network and as it answers.
 *
 * @param count patches in the batch
 * @param side pixels per row and column
 * @param channels samples per pixel
 * @param pixels {@code count * side * side * channels} samples
 */
public record Patches(int count, int side, int channels, float[] pixels) {

    public Patches {
        if (pixels.length != (long) count * side * side * channels) {
            throw new IllegalArgumentException("expected " + (long) count * side * side * channels
                    + " samples for " + count + "x" + side + "x" + side + "x" + channels + ", got "
                    + pixels.length);
        }
    }

    /** Zeros of the given shape. */
    public static Patches zeros(int count, int side, int channels) {
        return new Patches(count, side, channels, new float[count * side * side * channels]);
    }

    /** Index of sample (patch, x, y, c). */
    public int index(int patch, int x, int y, int c) {
        return ((patch * side + y) * side + x) * channels + c;
    }

    public long[] shape() {
        return new long[] {count, side, side, channels};
    }
}
