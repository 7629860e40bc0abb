package dev.revive.model;

import java.time.Instant;

/**
 * A request on {@link Topics#IMPORTS}: copy a user's TensorFlow SavedModel into the model's own files, check its
 * signature and serve it like a trained model. Its JSON form is specified by {@code schemas/import-request.v1.json}.
 *
 * @param savedModel the SavedModel directory: {@code saved_model.pb} and {@code variables/} right under the prefix
 * @param signature  the signature key to serve; default {@link #DEFAULT_SIGNATURE}
 * @param input      the signature's image input; null for its only input
 * @param output     the signature's image output; null for its only output
 * @param valueRange the pixel scale the model expects; default {@link ValueRange#UNIT}
 * @param channels   1 or 3, checked against the model; null to take the model's
 * @param owner      the API key name that asked for it, whose holder alone may see and use the model; null for all
 * @param kind       what the model is for, which decides its check; default {@link ModelKind#DENOISER}
 */
public record ImportRequest(
        int schemaVersion,
        String modelId,
        CollectionRef savedModel,
        String signature,
        String input,
        String output,
        ValueRange valueRange,
        Integer channels,
        Instant submittedAt,
        String owner,
        ModelKind kind) {

    public static final int SCHEMA_VERSION = 1;
    public static final String DEFAULT_SIGNATURE = "serving_default";

    /** This request with the defaults filled in and the prefix ending in '/', so the record shows what ran. */
    public ImportRequest resolved() {
        CollectionRef dir = savedModel == null || savedModel.prefix() == null || savedModel.prefix().endsWith("/")
                ? savedModel : new CollectionRef(savedModel.bucket(), savedModel.prefix() + "/");
        return new ImportRequest(schemaVersion, modelId, dir, signature == null ? DEFAULT_SIGNATURE : signature,
                input, output, valueRange == null ? ValueRange.UNIT : valueRange, channels, submittedAt, owner,
                kind == null ? ModelKind.DENOISER : kind);
    }
}
