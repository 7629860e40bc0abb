package dev.revive.model;

import java.time.Instant;

/**
 * An event on {@link Topics#EVENTS}. Its {@code eventId} is deterministic for state changes (job id and
 * status), so a consumer can drop the duplicates that at-least-once delivery may bring. It travels as the data of a
 * binary-mode CloudEvent ({@link CloudEvents}), whose {@code ce_id} is the {@code eventId}.
 *
 * @param correlationId the request's correlation id, so a pipeline can match events without knowing job ids
 */
public record JobEvent(
        int schemaVersion,
        String eventId,
        String jobId,
        JobStatus status,
        Progress progress,
        ResultInfo result,
        JobError error,
        Instant time,
        String workerId,
        String correlationId) {

    public static final int SCHEMA_VERSION = 1;

    public static JobEvent of(JobRecord record, String workerId, Instant time) {
        String eventId = record.jobId() + ":" + record.status().wireName()
                + (record.status() == JobStatus.RUNNING && record.progress() != null
                        ? ":" + record.attempts() + ":" + record.progress().iteration()
                        : "");
        return new JobEvent(SCHEMA_VERSION, eventId, record.jobId(), record.status(), record.progress(),
                record.result(), record.error(), time, workerId, record.correlationId());
    }
}
