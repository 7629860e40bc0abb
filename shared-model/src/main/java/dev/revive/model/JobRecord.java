package dev.revive.model;

import java.time.Instant;

/**
 * The durable state of a job, stored as JSON under {@link JobKeys#record()}. The api writes it as queued
 * before publishing the request; the worker moves it on. Any api replica reads the same record, and it
 * survives restarts of everything but the store.
 *
 * @param model the trained denoiser a {@link Method#MODEL} job uses, so its owner can tell which; null otherwise
 * @param owner the API key name that submitted the job, whose holder alone may see it; null for everyone's
 * @param correlationId the producer's reference, repeated on every event of the job
 * @param replyTo the topic that also gets the job's final event, or null
 * @param worker the id of the worker that ran the job last, so its final event can be announced again as the
 *               same event (the same CloudEvents source) by another; null until a worker starts it
 */
public record JobRecord(
        int schemaVersion,
        String jobId,
        Task task,
        Method method,
        String model,
        JobStatus status,
        ObjectRef input,
        ObjectRef mask,
        ObjectRef guide,
        RestorationOptions options,
        Progress progress,
        ResultInfo result,
        JobError error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String owner,
        String correlationId,
        String replyTo,
        String worker) {

    public static final int SCHEMA_VERSION = 1;

    public static JobRecord queued(RestorationRequest request) {
        return new JobRecord(SCHEMA_VERSION, request.jobId(), request.task(), request.method(), request.model(),
                JobStatus.QUEUED, request.input(), request.mask(), request.guide(), request.options(), null, null, null,
                0, request.submittedAt(), null, request.submittedAt(), null, request.owner(),
                request.correlationId(), request.replyTo(), null);
    }

    /** A (re)start by {@code byWorker}; every delivery of the request counts as an attempt. */
    public JobRecord started(Instant now, String byWorker) {
        require(JobStatus.RUNNING);
        Progress initial = Progress.starting(options == null || options.iterations() == null ? 0
                : options.iterations());
        return new JobRecord(schemaVersion, jobId, task, method, model, JobStatus.RUNNING, input, mask, guide, options,
                initial, null, null, attempts + 1, createdAt, now, now, null, owner, correlationId, replyTo, byWorker);
    }

    public JobRecord progressed(Progress next, Instant now) {
        require(JobStatus.RUNNING);
        return new JobRecord(schemaVersion, jobId, task, method, model, JobStatus.RUNNING, input, mask, guide, options,
                next, null, null, attempts, createdAt, startedAt, now, null, owner, correlationId, replyTo, worker);
    }

    public JobRecord succeeded(ResultInfo output, Instant now) {
        require(JobStatus.SUCCEEDED);
        int iterations = output.iterations() != null ? output.iterations()
                : progress == null ? 0 : progress.totalIterations();
        Progress done = progress == null ? null : progress.finished(iterations);
        return new JobRecord(schemaVersion, jobId, task, method, model, JobStatus.SUCCEEDED, input, mask, guide,
                options, done, output, null, attempts, createdAt, startedAt, now, now, owner, correlationId, replyTo, worker);
    }

    public JobRecord failed(JobError reason, Instant now) {
        JobStatus next = reason.code() == ErrorCode.CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED;
        require(next);
        return new JobRecord(schemaVersion, jobId, task, method, model, next, input, mask, guide, options, progress,
                null, reason, attempts, createdAt, startedAt, now, now, owner, correlationId, replyTo, worker);
    }

    private void require(JobStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("job " + jobId + " is " + status.wireName() + " and cannot become "
                    + next.wireName());
        }
    }
}
