package dev.revive.worker.engine.dip.stop;

import dev.revive.worker.engine.dip.StoppingRule;

/**
 * Morozov's discrepancy principle: an estimate that fits the noisy photo more closely than the
 * noise itself is fitting the noise. Stop once the loss (the mean squared misfit, smoothed because
 * each step's input is perturbed) has fallen to {@code tau} times the estimated noise variance.
 */
public final class DiscrepancyRule implements StoppingRule {

    private final double threshold;
    private final int warmUp;
    private final double smoothing;
    private double smoothed = Double.NaN;

    /**
     * @param noiseSigma the noise standard deviation of the degraded photo ({@link NoiseLevel})
     * @param tau the misfit, in noise variances, at which the photo counts as explained
     * @param smoothing weight of the old value in the exponential average of the loss, in [0,1)
     * @param warmUp steps before which it never stops
     */
    public DiscrepancyRule(double noiseSigma, double tau, double smoothing, int warmUp) {
        if (!(noiseSigma >= 0) || !(tau > 0) || !(smoothing >= 0 && smoothing < 1) || warmUp < 0) {
            throw new IllegalArgumentException("need sigma >= 0, tau > 0, smoothing in [0,1) and"
                    + " warm-up >= 0, got " + noiseSigma + ", " + tau + ", " + smoothing + ", "
                    + warmUp);
        }
        this.threshold = tau * noiseSigma * noiseSigma;
        this.smoothing = smoothing;
        this.warmUp = warmUp;
    }

    @Override
    public boolean needsOutputs() {
        return false;
    }

    @Override
    public boolean shouldStop(int iteration, double loss, float[] output) {
        if (Double.isNaN(loss)) {
            throw new IllegalArgumentException("the discrepancy rule needs every step's loss");
        }
        smoothed = Double.isNaN(smoothed) ? loss : smoothing * smoothed + (1 - smoothing) * loss;
        return iteration >= warmUp && smoothed <= threshold;
    }

    /** The loss at or below which it stops: tau times the noise variance. */
    public double threshold() {
        return threshold;
    }

    @Override
    public String toString() {
        return "DiscrepancyRule[threshold=" + threshold + ", smoothing=" + smoothing + ", warmUp="
                + warmUp + "]";
    }
}
