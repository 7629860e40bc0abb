package dev.revive.model;

/**
 * What a finished job produced: enough for a consumer to fetch and verify the result without asking us.
 *
 * @param iterations optimisation steps that made the result
 * @param stoppedBy  why the optimisation ended there
 * @param metrics    how the run went, for a pipeline to judge it; null in records written before it existed
 */
public record ResultInfo(ObjectRef object, String contentType, long size, String sha256, int width, int height,
        Integer iterations, StopReason stoppedBy, RunMetrics metrics) {

    public ResultInfo(ObjectRef object, String contentType, long size, String sha256, int width, int height,
            Integer iterations, StopReason stoppedBy) {
        this(object, contentType, size, sha256, width, height, iterations, stoppedBy, null);
    }

    public ResultInfo withMetrics(RunMetrics run) {
        return new ResultInfo(object, contentType, size, sha256, width, height, iterations, stoppedBy, run);
    }
}
