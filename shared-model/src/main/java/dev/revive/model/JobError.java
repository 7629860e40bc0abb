package dev.revive.model;

/** Why a job failed: a stable code for machines and a sentence for people. */
public record JobError(ErrorCode code, String message) {

    public static JobError of(ErrorCode code, String message) {
        return new JobError(code, message);
    }
}
