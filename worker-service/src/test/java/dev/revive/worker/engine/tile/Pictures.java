package dev.revive.worker.engine.tile;

import dev.revive.worker.engine.image.Image;

/** Test pictures whose tiled restorations are known. */
final class Pictures {

    private Pictures() {}

    /** A smooth ramp in [0.3, 0.7], different in each channel. */
    static Image gradient(int width, int height, int channels) {
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    float u = (x + 0.5f) / width;
                    float v = (y + 0.5f) / height;
                    pixels[(y * width + x) * channels + c] =
                            0.3f + 0.4f * (c % 2 == 0 ? (u + v) / 2 : u * v);
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    /**
     * The gradient with a fine diagonal texture of amplitude 0.03 and period 5, so every column
     * and every row has about the same gradient energy: what a seam is compared with.
     */
    static Image textured(int width, int height, int channels) {
        float[] pixels = gradient(width, height, channels).pixels().clone();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float texture = (float) (0.03 * Math.sin(2 * Math.PI * (x + y) / 5.0));
                for (int c = 0; c < channels; c++) {
                    pixels[(y * width + x) * channels + c] += texture;
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    static Image constant(int width, int height, int channels, float value) {
        float[] pixels = new float[width * height * channels];
        java.util.Arrays.fill(pixels, value);
        return new Image(width, height, channels, pixels);
    }

    /** Every sample moved by {@code delta}; the caller keeps the result inside [0,1]. */
    static Image offset(Image image, float delta) {
        float[] pixels = image.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] += delta;
        }
        return new Image(image.width(), image.height(), image.channels(), pixels);
    }
}
