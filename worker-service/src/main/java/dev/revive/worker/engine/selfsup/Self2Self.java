package dev.revive.worker.engine.selfsup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Self2Self (Quan et al. 2020): from one noisy photo alone. Each step drops random samples of the
 * input (a Bernoulli mask b), and the network, itself with dropout, predicts the dropped samples
 * from the kept ones: the loss is {@code ||(f(b y) - y) (1 - b)||^2}. Noise independent between
 * samples cannot be predicted, the picture can. The photo is then denoised as the mean of many
 * passes, each with its own mask and dropout, which cancels their variance.
 *
 * @param keep probability that an input sample is kept (the paper drops 30%: 0.7)
 * @param dropout the decoder's dropout rate, in training and in every pass (paper: 0.3)
 * @param passes outputs averaged to denoise (the paper: 50)
 */
public record Self2Self(float keep, float dropout, int passes) implements TrainingMethod {

    public Self2Self {
        new Inference(passes, keep, dropout);
        if (keep >= 1f) {
            throw new IllegalArgumentException("Self2Self must drop some input, keep is " + keep);
        }
    }

    public static Self2Self paper() {
        return new Self2Self(0.7f, 0.3f, 50);
    }

    @Override
    public String name() {
        return "self2self";
    }

    @Override
    public boolean residualAllowed() {
        return false;
    }

    @Override
    public float dropout() {
        return dropout;
    }

    @Override
    public Inference inference() {
        return new Inference(passes, keep, dropout);
    }

    @Override
    public TrainingBatch batch(List<Patches> observations, SplittableRandom random,
            UnaryOperator<Patches> network) {
        Patches noisy = observations.get(0);
        float[] kept = new float[noisy.pixels().length];
        Patches dropped = Patches.zeros(noisy.count(), noisy.side(), noisy.channels());
        for (int i = 0; i < kept.length; i++) {
            if (random.nextFloat() < keep) {
                kept[i] = noisy.pixels()[i];
            } else {
                dropped.pixels()[i] = 1f;
            }
        }
        return TrainingBatch.of(new Patches(noisy.count(), noisy.side(), noisy.channels(), kept), noisy,
                dropped);
    }
}
