package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;

/** Plain-Java resizing for super-resolution tests: the degradation and the baselines to beat. */
final class Resampling {

    private Resampling() {}

    /** Mean of every factor x factor block: how a camera with larger pixels would see the scene. */
    static Image boxDownsample(Image image, int factor) {
        int width = image.width() / factor;
        int height = image.height() / factor;
        int channels = image.channels();
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    float sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) {
                            sum += image.pixel(x * factor + dx, y * factor + dy, c);
                        }
                    }
                    pixels[(y * width + x) * channels + c] = sum / (factor * factor);
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    static Image nearestUpsample(Image image, int factor) {
        int width = image.width() * factor;
        int height = image.height() * factor;
        int channels = image.channels();
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    pixels[(y * width + x) * channels + c] = image.pixel(x / factor, y / factor, c);
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    /** Keys' bicubic (a = -0.5) with half-pixel centres and clamped borders, as PIL and OpenCV. */
    static Image bicubicUpsample(Image image, int factor) {
        int width = image.width() * factor;
        int height = image.height() * factor;
        int channels = image.channels();
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            double sy = (y + 0.5) / factor - 0.5;
            int y0 = (int) Math.floor(sy);
            for (int x = 0; x < width; x++) {
                double sx = (x + 0.5) / factor - 0.5;
                int x0 = (int) Math.floor(sx);
                for (int c = 0; c < channels; c++) {
                    double value = 0;
                    for (int j = -1; j <= 2; j++) {
                        double wy = keys(sy - (y0 + j));
                        int row = Math.min(image.height() - 1, Math.max(0, y0 + j));
                        for (int i = -1; i <= 2; i++) {
                            int col = Math.min(image.width() - 1, Math.max(0, x0 + i));
                            value += wy * keys(sx - (x0 + i)) * image.pixel(col, row, c);
                        }
                    }
                    pixels[(y * width + x) * channels + c] = (float) Math.min(1, Math.max(0, value));
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    private static double keys(double distance) {
        double t = Math.abs(distance);
        double a = -0.5;
        if (t <= 1) {
            return (a + 2) * t * t * t - (a + 3) * t * t + 1;
        }
        if (t < 2) {
            return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a;
        }
        return 0;
    }
}
