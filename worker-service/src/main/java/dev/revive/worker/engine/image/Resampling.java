package dev.revive.worker.engine.image;

/**
 * Plain-Java resizing for super-resolution experiments: the degradations that make a small photo from a
 * large one, and the classic upsamplers a restoration has to beat.
 */
public final class Resampling {

    private Resampling() {}

    /** Mean of every factor x factor block: how a camera with larger pixels would see the scene. */
    public static Image boxDownsample(Image image, int factor) {
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

    public static Image nearestUpsample(Image image, int factor) {
        if (factor == 1) {
            return image;
        }
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
    public static Image bicubicUpsample(Image image, int factor) {
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

    /**
     * Antialiased Lanczos-3 reduction, as the paper's code makes its low-resolution inputs (PIL's
     * {@code ANTIALIAS}): the kernel is stretched by the factor, so every output pixel averages 6 x factor
     * input pixels per axis; weights are renormalised where the kernel leaves the image.
     */
    public static Image lanczosDownsample(Image image, int factor) {
        if (factor < 1 || image.width() < factor || image.height() < factor) {
            throw new IllegalArgumentException("cannot reduce " + image.width() + "x" + image.height()
                    + " by " + factor);
        }
        Image rows = reduceAxis(image, factor, true);
        return reduceAxis(rows, factor, false);
    }

    private static Image reduceAxis(Image image, int factor, boolean horizontal) {
        int width = horizontal ? image.width() / factor : image.width();
        int height = horizontal ? image.height() : image.height() / factor;
        int inLength = horizontal ? image.width() : image.height();
        int outLength = horizontal ? width : height;
        int channels = image.channels();
        double support = 3.0 * factor;
        int[] first = new int[outLength];
        double[][] weights = new double[outLength][];
        for (int o = 0; o < outLength; o++) {
            double centre = (o + 0.5) * factor;
            int from = Math.max(0, (int) (centre - support + 0.5));
            int to = Math.min(inLength, (int) (centre + support + 0.5));
            double[] w = new double[to - from];
            double total = 0;
            for (int i = from; i < to; i++) {
                w[i - from] = lanczos3((i - centre + 0.5) / factor);
                total += w[i - from];
            }
            for (int k = 0; k < w.length; k++) {
                w[k] /= total;
            }
            first[o] = from;
            weights[o] = w;
        }
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = horizontal ? x : y;
                for (int c = 0; c < channels; c++) {
                    double value = 0;
                    for (int k = 0; k < weights[o].length; k++) {
                        int i = first[o] + k;
                        value += weights[o][k] * (horizontal ? image.pixel(i, y, c) : image.pixel(x, i, c));
                    }
                    pixels[(y * width + x) * channels + c] = (float) Math.min(1, Math.max(0, value));
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    private static double lanczos3(double t) {
        if (t == 0) {
            return 1;
        }
        if (Math.abs(t) >= 3) {
            return 0;
        }
        double pt = Math.PI * t;
        return 3 * Math.sin(pt) * Math.sin(pt / 3) / (pt * pt);
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
