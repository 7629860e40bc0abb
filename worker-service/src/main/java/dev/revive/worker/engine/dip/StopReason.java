package dev.revive.worker.engine.dip;

/** Why an optimisation ended with a result. */
public enum StopReason {
    /** Ran every iteration the settings allow. */
    ITERATIONS,
    /** The job's {@link StoppingRule} judged the photo explained. */
    AUTO,
    /** The settings' time limit passed; the estimate of that moment was returned. */
    TIME_LIMIT
}
