package dev.revive.worker.engine.selfsup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Noise2Noise (Lehtinen et al. 2018): with zero-mean noise, the L2 minimiser over noisy targets is
 * the same as over clean ones, so one noisy shot is regressed onto another of the same scene.
 */
public record Noise2Noise() implements TrainingMethod {

    @Override
    public String name() {
        return "noise2noise";
    }

    @Override
    public int observations() {
        return 2;
    }

    @Override
    public TrainingBatch batch(List<Patches> observations, SplittableRandom random,
            UnaryOperator<Patches> network) {
        Patches first = observations.get(0);
        return TrainingBatch.of(first, observations.get(1), TrainingBatch.everywhere(first));
    }
}
