package dev.revive.model;

/**
 * What a finished job produced: enough for a consumer to fetch and verify the result without asking us.
 *
 * @param iterations optimisation steps that made the result
 * @param stoppedBy  why the optimisation ended there
 */
public record ResultInfo(ObjectRef object, String contentType, long size, String sha256, int width, int height,
        Integer iterations, StopReason stoppedBy) {
}
