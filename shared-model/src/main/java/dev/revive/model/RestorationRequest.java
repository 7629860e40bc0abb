package dev.revive.model;

import java.time.Instant;

/**
 * A request on {@link Topics#REQUESTS}: restore the image at {@code input}. Any system may produce it;
 * its JSON form is specified by {@code schemas/restoration-request.v1.json}.
 *
 * @param mask  the known-pixel map of an {@link Task#INPAINT} request (see the README for its conventions)
 * @param guide the flash photo of a {@link Task#FLASH_GUIDED} request, the same size as the input
 * @param model the id of the trained denoiser of a {@link Method#MODEL} request (see {@link ModelKeys})
 * @param owner the name of the API key that submitted it, whose holder alone may see the job; null when the api
 *              is open or the request was produced straight to the topic
 * @param batchId the archive batch this job belongs to (see {@link BatchKeys}), or null
 * @param output  where the result goes instead of under the job's folder (a batch's destination layout), in
 *                Revive's bucket; never the input itself; null for {@link JobKeys#result}
 */
public record RestorationRequest(
        int schemaVersion,
        String jobId,
        Task task,
        Method method,
        ObjectRef input,
        ObjectRef mask,
        ObjectRef guide,
        RestorationOptions options,
        Instant submittedAt,
        String model,
        String owner,
        String batchId,
        ObjectRef output) {

    public static final int SCHEMA_VERSION = 1;

    public static RestorationRequest of(String jobId, Task task, ObjectRef input, RestorationOptions options,
            Instant submittedAt) {
        return of(jobId, task, input, null, null, options, submittedAt);
    }

    public static RestorationRequest of(String jobId, Task task, ObjectRef input, ObjectRef mask, ObjectRef guide,
            RestorationOptions options, Instant submittedAt) {
        return of(jobId, task, Method.DEEP_IMAGE_PRIOR, input, mask, guide, options, submittedAt);
    }

    public static RestorationRequest of(String jobId, Task task, Method method, ObjectRef input, ObjectRef mask,
            ObjectRef guide, RestorationOptions options, Instant submittedAt) {
        return new RestorationRequest(SCHEMA_VERSION, jobId, task, method, input, mask, guide, options, submittedAt,
                null, null, null, null);
    }

    /** This request, served by the trained denoiser {@code modelId}. */
    public RestorationRequest withModel(String modelId) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                modelId, owner, batchId, output);
    }

    /** This request, on behalf of the API key named {@code keyName}. */
    public RestorationRequest withOwner(String keyName) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                model, keyName, batchId, output);
    }

    /** This request as an item of {@code batch}, its result written to {@code destination}. */
    public RestorationRequest inBatch(String batch, ObjectRef destination) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                model, owner, batch, destination);
    }

    /** The options with every default filled in, and the method defaulted to Deep Image Prior. */
    public RestorationRequest resolved() {
        RestorationOptions given = options == null ? RestorationOptions.NONE : options;
        Method chosen = method == null ? Method.DEEP_IMAGE_PRIOR : method;
        return new RestorationRequest(schemaVersion, jobId, task, chosen, input, mask, guide,
                task == null ? given : given.resolve(task, chosen, jobId), submittedAt, model, owner, batchId, output);
    }
}
