package dev.revive.model;

/**
 * How a finished job's run went, announced with its result so a pipeline can judge the run (was it cut by the time
 * cap, how fast did this worker go, did it need retries) without reading logs or metrics.
 *
 * @param wallSeconds         the final attempt, from its start to the result stored
 * @param engineSeconds       the part of it spent restoring (reading, writing and announcing excluded)
 * @param secondsPerIteration engine seconds per optimisation or training step; null when no step was counted
 * @param queuedSeconds       from submission to the start of the final attempt; null when the submission time is
 *                            unknown (a request produced without {@code submittedAt})
 * @param attempts            deliveries of the request that started the job, this one included
 */
public record RunMetrics(double wallSeconds, double engineSeconds, Double secondsPerIteration, Double queuedSeconds,
        int attempts) {

    /** Seconds rounded to milliseconds: finer is noise, and it keeps the events short. */
    public static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }
}
