package dev.revive.worker.engine.image;

/** Image quality numbers used to judge restorations against a known clean picture. */
public final class Metrics {

    private Metrics() {}

    /**
     * Peak signal-to-noise ratio in dB with peak 1.0, over all channels; infinite for identical
     * images.
     */
    public static double psnr(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException("PSNR needs equal dimensions, got "
                    + a.width() + "x" + a.height() + "x" + a.channels() + " and "
                    + b.width() + "x" + b.height() + "x" + b.channels());
        }
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
}
