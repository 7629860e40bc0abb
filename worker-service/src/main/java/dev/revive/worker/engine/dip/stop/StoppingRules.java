package dev.revive.worker.engine.dip.stop;

import dev.revive.worker.engine.dip.StoppingRule;
import dev.revive.worker.engine.image.Image;

/**
 * The stopping rule a job gets by default, with its constants measured on recorded DIP runs
 * ({@code bench/stopping}; numbers in this package's {@code package-info}).
 */
public final class StoppingRules {

    /** Misfit, in estimated noise variances, at which the averaged output is near its best. */
    public static final double TAU = 1.0;

    /** The loss is averaged over about 50 steps: each step's input is perturbed, so it jitters. */
    public static final double SMOOTHING = 0.98;

    /** No stop before this: the output average needs a few hundred steps to forget its start. */
    public static final int WARM_UP = 200;

    /**
     * Below this estimated noise (2/255) the photo has too little white noise to fit down to:
     * JPEG artefacts and clean photos read as almost noiseless, and the misfit would never reach
     * the level, so the iteration and time caps decide.
     */
    public static final double NOISE_FLOOR = 2 / 255.0;

    private StoppingRules() {}

    /** For denoising and JPEG clean-up: the discrepancy principle at the photo's own noise level. */
    public static StoppingRule forDenoising(Image degraded) {
        return forNoiseLevel(NoiseLevel.sigma(degraded));
    }

    /** {@link #forDenoising} for a noise level already estimated (or known), in [0,1] units. */
    public static StoppingRule forNoiseLevel(double sigma) {
        if (!(sigma >= NOISE_FLOOR)) {
            return StoppingRule.NEVER;
        }
        return new DiscrepancyRule(sigma, TAU, SMOOTHING, WARM_UP);
    }
}
