package dev.revive.worker.engine.selfsup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * HQ-SSL (Laine, Karras, Lehtinen, Aila 2019): a {@link BlindSpotNetwork} cannot see the pixel it
 * predicts, so every pixel of every patch is a training target with no masking, and the noisy
 * patch is both input and target. The network predicts a Gaussian prior per pixel, trained by the
 * likelihood of the noisy value; denoising takes the posterior mean, which brings back the
 * information of the centre pixel that the blind spot threw away.
 *
 * @param knownSigma the noise standard deviation in [0,1] units when it is known; NaN to use the
 *     one estimated on the training photos ({@link ModelInfo#noiseSigma()})
 */
public record BlindSpot(double knownSigma) implements TrainingMethod {

    public BlindSpot {
        if (!Double.isNaN(knownSigma) && !(knownSigma > 0 && knownSigma < 1)) {
            throw new IllegalArgumentException("known sigma must be in (0, 1) or NaN, got " + knownSigma);
        }
    }

    /** Sigma estimated on the photos: what a user's archive allows. */
    public static BlindSpot paper() {
        return new BlindSpot(Double.NaN);
    }

    /** The paper's known-noise setting. */
    public static BlindSpot withKnownSigma(double sigma) {
        return new BlindSpot(sigma);
    }

    @Override
    public String name() {
        return "blind-spot";
    }

    @Override
    public Architecture architecture() {
        return Architecture.BLIND_SPOT;
    }

    @Override
    public double noiseSigma(double estimated) {
        return Double.isNaN(knownSigma) ? estimated : knownSigma;
    }

    @Override
    public boolean residualAllowed() {
        return false;
    }

    @Override
    public TrainingBatch batch(List<Patches> observations, SplittableRandom random,
            UnaryOperator<Patches> network) {
        Patches noisy = observations.get(0);
        return TrainingBatch.of(noisy, noisy, TrainingBatch.everywhere(noisy));
    }
}
