package dev.revive.worker.engine.selfsup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Neighbor2Neighbor (Huang et al. 2021): two sub-images of one noisy photo, g1(y) and g2(y), are
 * noisy views of almost the same scene, so f(g1(y)) is regressed onto g2(y) as in Noise2Noise.
 * The regulariser corrects for their small content gap with the same sub-sampling of the
 * network's own output on the whole patch, f(y), taken without gradient:
 * {@code ||f(g1(y)) - g2(y)||^2 + gamma ||f(g1(y)) - g2(y) - (g1(f(y)) - g2(f(y)))||^2}.
 * The second term is an MSE to {@code g2(y) + g1(f(y)) - g2(f(y))}.
 *
 * @param gamma the regulariser's weight; the paper uses 2 (its code ramps it from 0 to 2 over
 *     training, here it is constant)
 */
public record Neighbor2Neighbor(float gamma) implements TrainingMethod {

    public Neighbor2Neighbor {
        if (!(gamma >= 0)) {
            throw new IllegalArgumentException("gamma must be >= 0, got " + gamma);
        }
    }

    public static Neighbor2Neighbor paper() {
        return new Neighbor2Neighbor(2f);
    }

    @Override
    public String name() {
        return "neighbor2neighbor";
    }

    /** g1(y) is half the patch, and must still fit the network. */
    @Override
    public int patchMultiple() {
        return 2;
    }

    @Override
    public TrainingBatch batch(List<Patches> observations, SplittableRandom random,
            UnaryOperator<Patches> network) {
        Patches noisy = observations.get(0);
        NeighborSubsampler g = new NeighborSubsampler(random, noisy.count(), noisy.side());
        Patches g1 = g.first(noisy);
        Patches g2 = g.second(noisy);
        Patches denoised = network.apply(noisy);
        Patches g1f = g.first(denoised);
        Patches g2f = g.second(denoised);
        float[] regular = new float[g2.pixels().length];
        for (int i = 0; i < regular.length; i++) {
            regular[i] = g2.pixels()[i] + g1f.pixels()[i] - g2f.pixels()[i];
        }
        Patches regularTarget = new Patches(g2.count(), g2.side(), g2.channels(), regular);
        return new TrainingBatch(g1, g2, TrainingBatch.everywhere(g1), regularTarget, gamma);
    }
}
