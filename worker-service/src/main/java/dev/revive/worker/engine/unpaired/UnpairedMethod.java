package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.nn.Adam;
import java.util.Optional;

/**
 * Invariant-representation restoration (Du, Chen, Yang, CVPR 2020) as this engine trains it: the weights of
 * the loss terms, the optional feature extractor of the semantic term, and both players' Adam betas.
 */
public record UnpairedMethod(LossWeights weights, Optional<FeatureExtractor> semantic, Adam.Betas betas) {

    /** Its name in model metadata and reports. */
    public static final String NAME = "unpaired";

    public UnpairedMethod {
        if (weights == null || semantic == null || betas == null) {
            throw new IllegalArgumentException("weights, semantic (possibly empty) and betas are required");
        }
    }

    /** The authors' weights, no semantic term (no feature network is at hand), Adam's usual betas. */
    public static UnpairedMethod paper() {
        return new UnpairedMethod(LossWeights.paper(), Optional.empty(), Adam.Betas.DEFAULT);
    }

    public UnpairedMethod withSemantic(FeatureExtractor extractor) {
        return new UnpairedMethod(weights, Optional.of(extractor), betas);
    }

    public UnpairedMethod withWeights(LossWeights next) {
        return new UnpairedMethod(next, semantic, betas);
    }

    public UnpairedMethod withBetas(Adam.Betas next) {
        return new UnpairedMethod(weights, semantic, next);
    }
}
