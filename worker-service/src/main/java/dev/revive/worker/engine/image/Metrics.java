package dev.revive.worker.engine.image;

/** Image quality numbers used to judge restorations against a known clean picture. */
public final class Metrics {

    private static final int SSIM_WINDOW = 11;

    private Metrics() {}

    /**
     * Peak signal-to-noise ratio in dB with peak 1.0, over all channels; infinite for identical
     * images.
     */
    public static double psnr(Image a, Image b) {
        requireSameShape("PSNR", a, b);
        float[] pa = a.pixels();
        float[] pb = b.pixels();
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            double d = (double) pa[i] - pb[i];
            sum += d * d;
        }
        double mse = sum / pa.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(mse);
    }

    /**
     * Structural similarity (Wang et al. 2004) with its usual constants: an 11x11 Gaussian window of
     * sigma 1.5, K1 0.01 and K2 0.03 at peak 1.0, averaged over every window that fits inside the image
     * and over channels. Unlike PSNR it rewards kept structure over matched brightness, which is
     * where an over-smoothed restoration and a faithful one differ.
     */
    public static double ssim(Image a, Image b) {
        requireSameShape("SSIM", a, b);
        if (a.width() < SSIM_WINDOW || a.height() < SSIM_WINDOW) {
            throw new IllegalArgumentException("SSIM needs at least " + SSIM_WINDOW + "x" + SSIM_WINDOW
                    + " pixels, got " + a.width() + "x" + a.height());
        }
        double[] kernel = gaussian(SSIM_WINDOW, 1.5);
        double c1 = 0.01 * 0.01;
        double c2 = 0.03 * 0.03;
        int width = a.width();
        int height = a.height();
        double total = 0;
        for (int c = 0; c < a.channels(); c++) {
            double[] x = plane(a, c);
            double[] y = plane(b, c);
            double[] meanX = blur(x, width, height, kernel);
            double[] meanY = blur(y, width, height, kernel);
            double[] xx = blur(product(x, x), width, height, kernel);
            double[] yy = blur(product(y, y), width, height, kernel);
            double[] xy = blur(product(x, y), width, height, kernel);
            double sum = 0;
            for (int i = 0; i < meanX.length; i++) {
                double mx = meanX[i];
                double my = meanY[i];
                double varX = xx[i] - mx * mx;
                double varY = yy[i] - my * my;
                double cov = xy[i] - mx * my;
                sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (varX + varY + c2));
            }
            total += sum / meanX.length;
        }
        return total / a.channels();
    }

    private static void requireSameShape(String metric, Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException(metric + " needs equal dimensions, got "
                    + a.width() + "x" + a.height() + "x" + a.channels() + " and "
                    + b.width() + "x" + b.height() + "x" + b.channels());
        }
    }

    private static double[] plane(Image image, int channel) {
        double[] out = new double[image.width() * image.height()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out[y * image.width() + x] = image.pixel(x, y, channel);
            }
        }
        return out;
    }

    private static double[] product(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * y[i];
        }
        return out;
    }

    private static double[] gaussian(int size, double sigma) {
        double[] kernel = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            double d = i - (size - 1) / 2.0;
            kernel[i] = Math.exp(-d * d / (2 * sigma * sigma));
            total += kernel[i];
        }
        for (int i = 0; i < size; i++) {
            kernel[i] /= total;
        }
        return kernel;
    }

    /** Separable filtering over the windows that fit entirely: (w - k + 1) x (h - k + 1) values. */
    private static double[] blur(double[] plane, int width, int height, double[] kernel) {
        int k = kernel.length;
        int outWidth = width - k + 1;
        int outHeight = height - k + 1;
        double[] rows = new double[outWidth * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < outWidth; x++) {
                double v = 0;
                for (int i = 0; i < k; i++) {
                    v += kernel[i] * plane[y * width + x + i];
                }
                rows[y * outWidth + x] = v;
            }
        }
        double[] out = new double[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                double v = 0;
                for (int i = 0; i < k; i++) {
                    v += kernel[i] * rows[(y + i) * outWidth + x];
                }
                out[y * outWidth + x] = v;
            }
        }
        return out;
    }
}
