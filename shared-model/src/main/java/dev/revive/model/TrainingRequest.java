package dev.revive.model;

import java.time.Instant;

/**
 * A request on {@link Topics#TRAINING}: train one denoiser (self-supervised, or unpaired) on a collection and keep
 * it under {@link ModelKeys}. Its JSON form is specified by {@code schemas/training-request.v1.json}.
 *
 * @param method  a trainable {@link Method} ({@link Method#isTrainable()})
 * @param options as for a restoration: iterations are training steps, channels the U-Net's width
 * @param owner   the API key name that asked for it, whose holder alone may see and use the model; null for all
 * @param featureModel unpaired only, optional: the id of an imported SavedModel whose features the semantic term
 *                     compares; null leaves the term off
 */
public record TrainingRequest(
        int schemaVersion,
        String modelId,
        Method method,
        CollectionRef collection,
        RestorationOptions options,
        Instant submittedAt,
        String owner,
        String featureModel) {

    public static final int SCHEMA_VERSION = 1;

    public static TrainingRequest of(String modelId, Method method, CollectionRef collection,
            RestorationOptions options, Instant submittedAt) {
        return new TrainingRequest(SCHEMA_VERSION, modelId, method, collection, options, submittedAt, null, null);
    }

    /** This request, on behalf of the API key named {@code keyName}. */
    public TrainingRequest withOwner(String keyName) {
        return new TrainingRequest(schemaVersion, modelId, method, collection, options, submittedAt, keyName,
                featureModel);
    }

    /** This request, with the semantic term through the imported model {@code id} (null for none). */
    public TrainingRequest withFeatureModel(String id) {
        return new TrainingRequest(schemaVersion, modelId, method, collection, options, submittedAt, owner, id);
    }

    /** The options with every default of the method filled in, so the record shows what ran. */
    public TrainingRequest resolved() {
        RestorationOptions given = options == null ? RestorationOptions.NONE : options;
        return new TrainingRequest(schemaVersion, modelId, method, collection,
                method == null ? given : given.resolve(Task.DENOISE, method, modelId), submittedAt, owner,
                featureModel);
    }
}
