package dev.revive.worker.engine.selfsup;

import java.time.Duration;

/**
 * How long and on what a denoiser trains. The same seed, data and settings give the same model on
 * the same machine: every step's patches and masks are drawn from (seed, step) alone, which also
 * lets a resumed run continue exactly where the saved one stopped.
 *
 * @param patchSize side of the square training patches
 * @param batchSize patches per step
 * @param maxSteps Adam steps in all (a resumed run counts the steps before it)
 * @param maxTime wall time of this run, or null for no limit
 * @param learningRate Adam's step size
 * @param seed initial weights and every random draw
 * @param progressEvery steps between progress reports
 */
public record TrainingSettings(int patchSize, int batchSize, int maxSteps, Duration maxTime,
        float learningRate, long seed, int progressEvery) {

    public TrainingSettings {
        if (patchSize < 2) {
            throw new IllegalArgumentException("patch size must be >= 2, got " + patchSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max steps must be >= 1, got " + maxSteps);
        }
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero())) {
            throw new IllegalArgumentException("max time must be positive, got " + maxTime);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1], got " + learningRate);
        }
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progress interval must be >= 1, got " + progressEvery);
        }
    }

    /** 64x64 patches, 8 a step, 2000 steps, Adam at 4e-4 (Noise2Void's rate). */
    public static TrainingSettings defaults() {
        return new TrainingSettings(64, 8, 2000, null, 4e-4f, 0, 10);
    }

    public TrainingSettings withPatch(int size, int batch) {
        return new TrainingSettings(size, batch, maxSteps, maxTime, learningRate, seed, progressEvery);
    }

    public TrainingSettings withMaxSteps(int steps) {
        return new TrainingSettings(patchSize, batchSize, steps, maxTime, learningRate, seed, progressEvery);
    }

    public TrainingSettings withMaxTime(Duration time) {
        return new TrainingSettings(patchSize, batchSize, maxSteps, time, learningRate, seed, progressEvery);
    }

    public TrainingSettings withLearningRate(float rate) {
        return new TrainingSettings(patchSize, batchSize, maxSteps, maxTime, rate, seed, progressEvery);
    }

    public TrainingSettings withSeed(long value) {
        return new TrainingSettings(patchSize, batchSize, maxSteps, maxTime, learningRate, value,
                progressEvery);
    }

    public TrainingSettings withProgressEvery(int steps) {
        return new TrainingSettings(patchSize, batchSize, maxSteps, maxTime, learningRate, seed, steps);
    }
}
