package dev.revive.model;

/**
 * How far a running job is.
 *
 * @param iteration       steps done
 * @param totalIterations steps at most; an automatic stop may end the job earlier
 * @param loss            the data term of the last reported step
 * @param etaSeconds      estimated seconds to the cap, from the pace so far; null until known
 * @param preview         the latest small preview of the current estimate (PNG), null until one is stored
 * @param validationLoss  a training's loss on a fixed set of patches, comparable between reports; null for jobs
 */
public record Progress(int iteration, int totalIterations, Double loss, Double etaSeconds, ObjectRef preview,
        Double validationLoss) {

    public Progress(int iteration, int totalIterations, Double loss, Double etaSeconds, ObjectRef preview) {
        this(iteration, totalIterations, loss, etaSeconds, preview, null);
    }

    public static Progress starting(int totalIterations) {
        return new Progress(0, totalIterations, null, null, null);
    }

    /** This progress, at the end of a job that ran {@code iterations} steps. */
    public Progress finished(int iterations) {
        return new Progress(iterations, totalIterations, loss, 0.0, preview, validationLoss);
    }
}
