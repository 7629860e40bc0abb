package dev.revive.worker.engine.unpaired;

import java.util.Optional;

/**
 * Invariant-representation restoration (Du, Chen, Yang, CVPR 2020) as this engine trains it: the weights of
 * the loss terms and the optional feature extractor of the semantic term.
 */
public record UnpairedMethod(LossWeights weights, Optional<FeatureExtractor> semantic) {

    /** Its name in model metadata and reports. */
    public static final String NAME = "unpaired";

    public UnpairedMethod {
        if (weights == null || semantic == null) {
            throw new IllegalArgumentException("weights and semantic (possibly empty) are required");
        }
    }

    /** The authors' weights, no semantic term (no feature network is at hand). */
    public static UnpairedMethod paper() {
        return new UnpairedMethod(LossWeights.paper(), Optional.empty());
    }

    public UnpairedMethod withSemantic(FeatureExtractor extractor) {
        return new UnpairedMethod(weights, Optional.of(extractor));
    }

    public UnpairedMethod withWeights(LossWeights next) {
        return new UnpairedMethod(next, semantic);
    }
}
