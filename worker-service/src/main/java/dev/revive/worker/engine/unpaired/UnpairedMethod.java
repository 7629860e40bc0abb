package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.nn.Adam;
import java.util.Optional;

/**
 * Invariant-representation restoration (Du, Chen, Yang, CVPR 2020) as this engine trains it: the weights of
 * the loss terms, the semantic term's features (fixed ops in the training graph, or a network of its own, or
 * neither: the term is then off), and both players' Adam betas.
 */
public record UnpairedMethod(LossWeights weights, Optional<FeatureExtractor> semantic,
        Optional<FeatureNetwork> featureNetwork, Adam.Betas betas) {

    /** Its name in model metadata and reports. */
    public static final String NAME = "unpaired";

    public UnpairedMethod {
        if (weights == null || semantic == null || featureNetwork == null || betas == null) {
            throw new IllegalArgumentException("weights, semantic and featureNetwork (possibly empty) and betas are"
                    + " required");
        }
        if (semantic.isPresent() && featureNetwork.isPresent()) {
            throw new IllegalArgumentException("the semantic term takes one feature extractor, not two");
        }
    }

    /** The authors' weights, no semantic term (no feature network is at hand), Adam's usual betas. */
    public static UnpairedMethod paper() {
        return new UnpairedMethod(LossWeights.paper(), Optional.empty(), Optional.empty(), Adam.Betas.DEFAULT);
    }

    public UnpairedMethod withSemantic(FeatureExtractor extractor) {
        return new UnpairedMethod(weights, Optional.of(extractor), Optional.empty(), betas);
    }

    /** The semantic term through {@code network}, run beside the training graph. */
    public UnpairedMethod withFeatureNetwork(FeatureNetwork network) {
        return new UnpairedMethod(weights, Optional.empty(), Optional.of(network), betas);
    }

    public UnpairedMethod withWeights(LossWeights next) {
        return new UnpairedMethod(next, semantic, featureNetwork, betas);
    }

    public UnpairedMethod withBetas(Adam.Betas next) {
        return new UnpairedMethod(weights, semantic, featureNetwork, next);
    }
}
