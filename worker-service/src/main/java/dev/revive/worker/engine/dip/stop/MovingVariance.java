package dev.revive.worker.engine.dip.stop;

/**
 * ES-WMV's signal (Wang et al., "Early stopping for deep image prior"): the variance of the last
 * W outputs, averaged over samples. While the network learns the photo its outputs settle and the
 * variance falls; once it starts fitting noise they wander again and it rises.
 *
 * <p>It keeps W outputs, so for large photos it follows an evenly spread subset of at most
 * {@code maxSamples} samples: the variance is a mean over samples, which a subset estimates well,
 * and W full-size outputs of a 12-megapixel photo would need gigabytes.
 */
public final class MovingVariance {

    /** Enough samples for a mean within a fraction of a percent; 100 of them are 26 MB. */
    public static final int DEFAULT_MAX_SAMPLES = 1 << 16;

    private final int window;
    private final int maxSamples;
    private final float[][] ring;
    private int stride;
    private double[] sums;
    private double[] squares;
    private int length;
    private int seen;

    public MovingVariance(int window) {
        this(window, DEFAULT_MAX_SAMPLES);
    }

    /** @param maxSamples how many samples of each output to follow at most */
    public MovingVariance(int window, int maxSamples) {
        if (window < 2 || maxSamples < 1) {
            throw new IllegalArgumentException("window must be >= 2 and maxSamples >= 1, got "
                    + window + " and " + maxSamples);
        }
        this.window = window;
        this.maxSamples = maxSamples;
        this.ring = new float[window][];
    }

    /** Adds the newest output (any fixed length); the one W outputs back leaves the window. */
    public void add(float[] output) {
        if (sums == null) {
            stride = strideFor(output.length, maxSamples);
            int followed = (output.length + stride - 1) / stride;
            sums = new double[followed];
            squares = new double[followed];
            length = output.length;
        } else if (output.length != length) {
            throw new IllegalArgumentException("expected " + length + " samples, got "
                    + output.length);
        }
        int slot = seen % window;
        float[] leaving = ring[slot];
        float[] kept = leaving == null ? new float[sums.length] : leaving;
        for (int i = 0; i < sums.length; i++) {
            double v = output[i * stride];
            sums[i] += v;
            squares[i] += v * v;
            if (leaving != null) {
                double old = leaving[i];
                sums[i] -= old;
                squares[i] -= old * old;
            }
            kept[i] = (float) v;
        }
        ring[slot] = kept;
        seen++;
    }

    /**
     * Every stride-th sample; a stride that is a multiple of 2 or 3 would follow only some
     * channels of an RGB image, or only even columns, so those are skipped.
     */
    static int strideFor(int length, int maxSamples) {
        int stride = (length + maxSamples - 1) / maxSamples;
        while (stride > 1 && (stride % 2 == 0 || stride % 3 == 0)) {
            stride++;
        }
        return stride;
    }

    /** Whether W outputs have been seen, so {@link #value} means something. */
    public boolean full() {
        return seen >= window;
    }

    /** The mean over samples of the window's variance; NaN until {@link #full}. */
    public double value() {
        if (!full()) {
            return Double.NaN;
        }
        double total = 0;
        for (int i = 0; i < sums.length; i++) {
            double mean = sums[i] / window;
            // running sums can round a zero variance slightly below 0
            total += Math.max(0, squares[i] / window - mean * mean);
        }
        return total / sums.length;
    }

    public int window() {
        return window;
    }
}
