package dev.revive.model;

import java.time.Instant;

/**
 * A request on {@link Topics#REQUESTS}: restore the image at {@code input}. Any system may produce it;
 * its JSON form is specified by {@code schemas/restoration-request.v1.json}.
 */
public record RestorationRequest(
        int schemaVersion,
        String jobId,
        Task task,
        Method method,
        ObjectRef input,
        RestorationOptions options,
        Instant submittedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static RestorationRequest of(String jobId, Task task, ObjectRef input, RestorationOptions options,
            Instant submittedAt) {
        return new RestorationRequest(SCHEMA_VERSION, jobId, task, Method.DEEP_IMAGE_PRIOR, input, options,
                submittedAt);
    }

    /** The options with every default filled in, and the method defaulted to Deep Image Prior. */
    public RestorationRequest resolved() {
        RestorationOptions given = options == null ? RestorationOptions.NONE : options;
        return new RestorationRequest(schemaVersion, jobId, task, method == null ? Method.DEEP_IMAGE_PRIOR : method,
                input, task == null ? given : given.resolve(task, jobId), submittedAt);
    }
}
