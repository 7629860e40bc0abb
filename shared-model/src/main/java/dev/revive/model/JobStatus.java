package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Life cycle of a job. Terminal states are final, so a redelivered request or a late event can never
 * move a finished job backwards: that is what makes state transitions idempotent.
 */
public enum JobStatus {
    QUEUED("queued"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The CloudEvents {@code type} of this status's events on {@link Topics#EVENTS}, e.g. dev.revive.job.succeeded. */
    public String eventType() {
        return CloudEvents.JOB_TYPE_PREFIX + wireName;
    }

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** A running job may report running again (progress, or a retry after a crash); nothing leaves a terminal state. */
    public boolean canMoveTo(JobStatus next) {
        return !isTerminal() && next != QUEUED;
    }

    @JsonCreator
    public static JobStatus fromWireName(String name) {
        return WireNames.parse(JobStatus.class, values(), JobStatus::wireName, name);
    }
}
