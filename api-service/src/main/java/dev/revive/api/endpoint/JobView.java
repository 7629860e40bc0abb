package dev.revive.api.endpoint;

import dev.revive.model.JobError;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Method;
import dev.revive.model.Progress;
import dev.revive.model.RestorationOptions;
import dev.revive.model.ResultInfo;
import dev.revive.model.Task;
import java.time.Instant;

/** A job as clients see it: the record plus the links to follow. */
public record JobView(
        String id,
        JobStatus status,
        Task task,
        Method method,
        String model,
        String owner,
        String correlationId,
        String replyTo,
        RestorationOptions options,
        Progress progress,
        ResultInfo result,
        JobError error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        boolean cancelRequested,
        Links links) {

    /** Where to read the job, its submitted photo, and its result once it has one. */
    public record Links(String self, String input, String result) {
    }

    static JobView of(JobRecord job, boolean cancelRequested) {
        String self = RestorationResource.PATH + "/" + job.jobId();
        String result = job.status() == JobStatus.SUCCEEDED ? self + "/result" : null;
        return new JobView(job.jobId(), job.status(), job.task(), job.method(), job.model(), job.owner(),
                job.correlationId(), job.replyTo(), job.options(), job.progress(), job.result(), job.error(), job.attempts(), job.createdAt(),
                job.startedAt(), job.updatedAt(), job.finishedAt(), cancelRequested,
                new Links(self, self + "/input", result));
    }
}
