package dev.revive.worker.engine.dip;

import java.time.Duration;

/**
 * How one Deep Image Prior optimisation runs.
 *
 * @param iterations Adam steps at most; without {@code autoStop} the count is the regulariser
 * @param seed drives the weights, the code z and the per-step input noise
 * @param learningRate Adam step size
 * @param inputNoise standard deviation of the Gaussian added to the network input at every step
 * @param averaging weight of the old value in the exponential average of outputs; 0 returns the
 *     last output
 * @param progressEvery report (and fetch the loss) every this many iterations
 * @param autoStop stop when the job's {@link StoppingRule} says the photo is explained
 * @param timeLimit wall time after which the current estimate is returned; null for none
 * @param previewEvery hand the current estimate to {@link ProgressListener#onPreview} every this
 *     many iterations; 0 for never
 */
public record DipSettings(int iterations, long seed, float learningRate, float inputNoise,
        float averaging, int progressEvery, boolean autoStop, Duration timeLimit, int previewEvery) {

    public DipSettings {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(inputNoise >= 0f) || Float.isInfinite(inputNoise)) {
            throw new IllegalArgumentException("input noise must be >= 0, got " + inputNoise);
        }
        if (!(averaging >= 0f && averaging < 1f)) {
            throw new IllegalArgumentException("averaging must be in [0,1), got " + averaging);
        }
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progressEvery must be >= 1, got " + progressEvery);
        }
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
            throw new IllegalArgumentException("time limit must be positive, got " + timeLimit);
        }
        if (previewEvery < 0) {
            throw new IllegalArgumentException("previewEvery must be >= 0, got " + previewEvery);
        }
    }

    /** The paper's denoising recipe: 1800 steps, lr 0.01, z noise 1/30, output averaging 0.99. */
    public static DipSettings denoiseDefaults() {
        return new DipSettings(1800, 0L, 0.01f, 1f / 30f, 0.99f, 25, false, null, 0);
    }

    /** denoising.ipynb (snail, JPEG artefacts, {@code jpegArtifacts}): 2400 steps, else as denoising. */
    public static DipSettings jpegArtifactsDefaults() {
        return new DipSettings(2400, 0L, 0.01f, 1f / 30f, 0.99f, 25, false, null, 0);
    }

    /**
     * super-resolution.ipynb: lr 0.01, no averaging (the notebook returns the last output); x4 2000
     * steps with z noise 0.03, x8 4000 with 0.05 (other factors, which the paper did not try,
     * take the nearer of the two).
     */
    public static DipSettings superResolutionDefaults(int factor) {
        boolean large = factor > 5;
        return new DipSettings(large ? 4000 : 2000, 0L, 0.01f, large ? 0.05f : 0.03f, 0f, 25, false,
                null, 0);
    }

    /** inpainting.ipynb (kate, text): 6001 steps, lr 0.01, z noise 0.03, no averaging. */
    public static DipSettings inpaintingDefaults() {
        return new DipSettings(6001, 0L, 0.01f, 0.03f, 0f, 25, false, null, 0);
    }

    /** inpainting.ipynb (library, large holes, {@code inpaintingDeep}): 3001 steps, lr 0.01, no z noise. */
    public static DipSettings inpaintingDeepDefaults() {
        return new DipSettings(3001, 0L, 0.01f, 0f, 0f, 25, false, null, 0);
    }

    /** flash-no-flash.ipynb: 601 steps at lr 0.1, the flash shot fed as it is (no noise), no averaging. */
    public static DipSettings flashGuidedDefaults() {
        return new DipSettings(601, 0L, 0.1f, 0f, 0f, 25, false, null, 0);
    }

    public DipSettings withLearningRate(float learningRate) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withInputNoise(float inputNoise) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withAveraging(float averaging) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withIterations(int iterations) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withSeed(long seed) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withProgressEvery(int progressEvery) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withAutoStop(boolean autoStop) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withTimeLimit(Duration timeLimit) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }

    public DipSettings withPreviewEvery(int previewEvery) {
        return new DipSettings(iterations, seed, learningRate, inputNoise, averaging, progressEvery,
                autoStop, timeLimit, previewEvery);
    }
}
