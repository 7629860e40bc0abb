package dev.revive.worker.engine.dip.stop;

import dev.revive.worker.engine.dip.StoppingRule;
import dev.revive.worker.engine.image.Image;

/**
 * The stopping rule a job gets, with constants measured on recorded runs ({@code bench/stopping};
 * the numbers are in {@code package-info}). The default is ES-WMV: on every noisy trace it
 * stopped within 0.4 dB of the best averaged iterate, and it needs no noise level, which real
 * photos (clipped, textured, JPEG-compressed) make hard to estimate.
 */
public final class StoppingRules {

    /** Outputs in ES-WMV's moving variance, as in Wang et al.; 50 and 200 did almost as well. */
    public static final int WINDOW = 100;

    /**
     * Steps waited for a lower variance. The variance bottoms out with the raw output, while the
     * average the loop returns peaks 70-270 steps later. 150 landed within 0.4 dB of that peak
     * on all seven noisy traces; 100 lost 0.77 and 0.48 dB on two, 200 lost 0.45 and 0.57 on two.
     */
    public static final int PATIENCE = 150;

    /**
     * Variances ignored at the start: a fresh network's outputs barely move, so short windows
     * start low. 300 was too late for a crop that peaked at step 308; 100 and 200 did as well.
     */
    public static final int WARM_UP = 200;

    /**
     * Misfit, in estimated noise variances, at which the discrepancy alternative stops: the
     * smoothed loss at the best iterate was 0.89-1.01 sigma-hat^2, as the estimate reads a few
     * percent high on textured photos and low on clipped ones.
     */
    public static final double TAU = 0.95;

    /** The loss averaged over about 50 steps: each step's input is perturbed, so it jitters. */
    public static final double SMOOTHING = 0.98;

    /**
     * Below this estimated noise (2/255) the discrepancy alternative gives up: JPEG artefacts and
     * clean photos read as almost noiseless, and the misfit would never reach the level.
     */
    public static final double NOISE_FLOOR = 2 / 255.0;

    private StoppingRules() {}

    /** For denoising and JPEG clean-up; a fresh rule per job, since a rule holds its job's state. */
    public static StoppingRule forDenoising() {
        return esWmv();
    }

    /** ES-WMV with the measured window, patience and warm-up; needs every step's output. */
    public static VarianceRule esWmv() {
        return new VarianceRule(WINDOW, PATIENCE, WARM_UP);
    }

    /**
     * The measured alternative: the discrepancy principle at the photo's own noise level. Needs
     * only the loss, but stops too early on textured photos, whose noise reads high.
     */
    public static StoppingRule discrepancy(Image degraded) {
        return discrepancy(NoiseLevel.sigma(degraded));
    }

    /** {@link #discrepancy(Image)} for a noise level already estimated, in [0,1] units. */
    public static StoppingRule discrepancy(double sigma) {
        if (!(sigma >= NOISE_FLOOR)) {
            return StoppingRule.NEVER;
        }
        return new DiscrepancyRule(sigma, TAU, SMOOTHING, WARM_UP);
    }
}
