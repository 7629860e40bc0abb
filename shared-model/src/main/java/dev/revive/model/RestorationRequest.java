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
 * @param correlationId the producer's own reference for the job, carried on every event of it (printable ASCII,
 *              1 to {@link Limits#MAX_CORRELATION_ID_LENGTH} characters)
 * @param replyTo a topic under the deployment's reply prefix ({@link Topics#REPLY_PREFIX} by default) that also gets
 *              the job's final event
 * @param webhook an https URL that the worker POSTs the job's final event to, signed (README, "Completion
 *              webhook"); null for none
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
        String correlationId,
        String replyTo,
        String webhook,
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
                null, null, null, null, null, null, null);
    }

    /** This request, served by the trained denoiser {@code modelId}. */
    public RestorationRequest withModel(String modelId) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                modelId, owner, correlationId, replyTo, webhook, batchId, output);
    }

    /** This request, on behalf of the API key named {@code keyName}. */
    public RestorationRequest withOwner(String keyName) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                model, keyName, correlationId, replyTo, webhook, batchId, output);
    }

    /** This request, with the producer's correlation id and the topic its final event is also sent to. */
    public RestorationRequest withReply(String correlation, String topic) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                model, owner, correlation, topic, webhook, batchId, output);
    }

    /** This request, with its final event POSTed to {@code url}. */
    public RestorationRequest withWebhook(String url) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                model, owner, correlationId, replyTo, url, batchId, output);
    }

    /** This request as an item of {@code batch}, its result written to {@code destination}. */
    public RestorationRequest inBatch(String batch, ObjectRef destination) {
        return new RestorationRequest(schemaVersion, jobId, task, method, input, mask, guide, options, submittedAt,
                model, owner, correlationId, replyTo, webhook, batch, destination);
    }

    /** The options with every default filled in, and the method defaulted to Deep Image Prior. */
    public RestorationRequest resolved() {
        RestorationOptions given = options == null ? RestorationOptions.NONE : options;
        Method chosen = method == null ? Method.DEEP_IMAGE_PRIOR : method;
        return new RestorationRequest(schemaVersion, jobId, task, chosen, input, mask, guide,
                task == null ? given : given.resolve(task, chosen, jobId), submittedAt, model, owner,
                correlationId, replyTo, webhook, batchId, output);
    }
}
