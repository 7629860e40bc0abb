package dev.revive.worker.engine.dip.stop;

import dev.revive.worker.engine.image.Image;

/** Photos with the parts that fool noise estimators: gradients, texture and hard edges. */
final class TestPictures {

    private TestPictures() {}

    /** Smooth shading, a fine sinusoidal texture, and a disc with a hard edge; values in [0.2, 0.8]. */
    static Image scene(int width, int height, int channels) {
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width;
                double v = (y + 0.5) / height;
                double shade = 0.35 + 0.2 * u + 0.1 * v;
                double texture = 0.05 * Math.sin(x * 0.4) * Math.cos(y * 0.3);
                double dx = u - 0.6;
                double dy = v - 0.45;
                boolean disc = dx * dx + dy * dy < 0.06;
                for (int c = 0; c < channels; c++) {
                    double value = (disc ? 0.75 - 0.1 * c : shade + 0.05 * c) + texture;
                    pixels[(y * width + x) * channels + c] = (float) value;
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }
}
