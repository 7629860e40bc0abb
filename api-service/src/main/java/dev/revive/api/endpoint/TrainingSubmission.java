package dev.revive.api.endpoint;

import dev.revive.model.CollectionRef;
import dev.revive.model.RestorationOptions;

/**
 * JSON body of POST /v1/models: a trainable method, the collection's prefix (and for noise2noise the prefix of the
 * second shots, for unpaired that of the clean photos), training options, and for unpaired the optional id of an
 * imported SavedModel whose features the semantic term compares.
 */
public record TrainingSubmission(String method, CollectionRef collection, RestorationOptions options,
        String featureModel) {
}
