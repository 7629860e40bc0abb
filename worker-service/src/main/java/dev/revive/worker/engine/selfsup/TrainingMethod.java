package dev.revive.worker.engine.selfsup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** How one self-supervised method turns noisy patches into a loss without any clean target. */
public interface TrainingMethod {

    /** Its name in model metadata and reports. */
    String name();

    /** Aligned noisy observations of a scene it needs for one sample: 1, or 2 for Noise2Noise. */
    default int observations() {
        return 1;
    }

    /** Patch sides must be multiples of this times the network's size divisor. */
    default int patchMultiple() {
        return 1;
    }

    /** The decoder's dropout rate while training (Self2Self); 0 for none. */
    default float dropout() {
        return 0f;
    }

    /**
     * Whether the network may add its input to its output ({@link UNetConfig#residual()}); not
     * when the input is mostly blanked (Self2Self), since the blanks would pass straight through.
     */
    default boolean residualAllowed() {
        return true;
    }

    /** The network it trains. */
    default Architecture architecture() {
        return Architecture.U_NET;
    }

    /**
     * The noise sigma ([0,1] units) that a network trained by likelihood assumes, given the one
     * estimated on the training photos; unused by the U-Net.
     */
    default double noiseSigma(double estimated) {
        return estimated;
    }

    /** How the trained network is applied to a photo. */
    default Inference inference() {
        return Inference.SINGLE;
    }

    /**
     * @param observations one batch of patches per observation index, cut at the same places
     * @param random this step's randomness
     * @param network the network's current function, without gradient: Neighbor2Neighbor's f(y)
     */
    TrainingBatch batch(List<Patches> observations, SplittableRandom random,
            UnaryOperator<Patches> network);
}
