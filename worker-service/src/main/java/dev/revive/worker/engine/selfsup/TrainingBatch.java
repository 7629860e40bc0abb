package dev.revive.worker.engine.selfsup;

import java.util.Arrays;

/**
 * One step's feed, the common form of every method's loss:
 * {@code mean_w((f(input) - target)^2) + regularWeight * mean_w((f(input) - regularTarget)^2)},
 * where {@code mean_w} averages over the samples whose weight is 1.
 *
 * @param input what the network sees
 * @param target what its output is compared with, same shape as the input
 * @param weights 1 where a sample counts, 0 elsewhere (Noise2Void's masked pixels), same shape
 * @param regularTarget the second target (Neighbor2Neighbor's regulariser); the target when unused
 * @param regularWeight the second term's weight; 0 when unused
 */
public record TrainingBatch(Patches input, Patches target, Patches weights, Patches regularTarget,
        float regularWeight) {

    public TrainingBatch {
        for (Patches other : new Patches[] {target, weights, regularTarget}) {
            if (other.count() != input.count() || other.side() != input.side()
                    || other.channels() != input.channels()) {
                throw new IllegalArgumentException("every part of a batch needs the input's shape");
            }
        }
    }

    /** A plain weighted MSE to {@code target}, without the second term. */
    public static TrainingBatch of(Patches input, Patches target, Patches weights) {
        return new TrainingBatch(input, target, weights, target, 0f);
    }

    /** Weights of 1 everywhere: every sample counts. */
    public static Patches everywhere(Patches like) {
        Patches ones = Patches.zeros(like.count(), like.side(), like.channels());
        Arrays.fill(ones.pixels(), 1f);
        return ones;
    }
}
