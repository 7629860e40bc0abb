package dev.revive.worker.engine.dip.stop;

import dev.revive.worker.engine.dip.StoppingRule;

/**
 * ES-WMV (Wang et al., "Early stopping for deep image prior"): stop once the moving variance of
 * the raw outputs has gone {@code patience} steps without a new minimum, since its minimum marks
 * where the network has learnt the photo and not yet the noise. Needs no noise level, so it also
 * serves photos whose noise is not white (JPEG) or barely there.
 */
public final class VarianceRule implements StoppingRule {

    private final MovingVariance variance;
    private final int patience;
    private final int warmUp;
    private double minimum = Double.POSITIVE_INFINITY;
    private int minimumAt;

    /**
     * @param window outputs in the moving variance
     * @param patience steps without a new minimum before stopping
     * @param warmUp steps whose variance is ignored: the first outputs of a fresh network barely
     *     move, so the variance starts low and would pass for the minimum
     */
    public VarianceRule(int window, int patience, int warmUp) {
        if (patience < 1 || warmUp < 0) {
            throw new IllegalArgumentException("patience must be >= 1 and warm-up >= 0, got "
                    + patience + " and " + warmUp);
        }
        this.variance = new MovingVariance(window);
        this.patience = patience;
        this.warmUp = warmUp;
    }

    @Override
    public boolean needsOutputs() {
        return true;
    }

    @Override
    public boolean shouldStop(int iteration, double loss, float[] output) {
        if (output == null) {
            throw new IllegalArgumentException("the variance rule needs every step's output");
        }
        variance.add(output);
        return variance.full() && onVariance(iteration, variance.value());
    }

    /** The decision alone, on a variance already computed: for replaying recorded traces. */
    public boolean onVariance(int iteration, double value) {
        if (iteration < warmUp) {
            return false;
        }
        if (value < minimum) {
            minimum = value;
            minimumAt = iteration;
        }
        return iteration - minimumAt >= patience;
    }

    /** The step of the lowest variance so far: ES-WMV's estimate of the best iterate. */
    public int minimumAt() {
        return minimumAt;
    }

    public int window() {
        return variance.window();
    }

    @Override
    public String toString() {
        return "VarianceRule[window=" + variance.window() + ", patience=" + patience + ", warmUp="
                + warmUp + "]";
    }
}
