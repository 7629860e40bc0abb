package dev.revive.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a running job is.
 *
 * @param iteration       steps done
 * @param totalIterations steps at most; an automatic stop may end the job earlier
 * @param loss            the data term of the last reported step
 * @param etaSeconds      estimated seconds to the cap, from the pace so far; null until known
 * @param preview         the latest small preview of the current estimate (PNG), null until one is stored
 * @param validationLoss  a training's loss on a fixed set of patches, comparable between reports; null for jobs
 * @param losses          a training's loss terms by name, unweighted, when its loss has several (the unpaired
 *                        method's); null otherwise
 */
public record Progress(int iteration, int totalIterations, Double loss, Double etaSeconds, ObjectRef preview,
        Double validationLoss, Map<String, Double> losses) {

    public Progress {
        losses = losses == null ? null : Collections.unmodifiableMap(new TreeMap<>(losses));
    }

    public Progress(int iteration, int totalIterations, Double loss, Double etaSeconds, ObjectRef preview) {
        this(iteration, totalIterations, loss, etaSeconds, preview, null, null);
    }

    public Progress(int iteration, int totalIterations, Double loss, Double etaSeconds, ObjectRef preview,
            Double validationLoss) {
        this(iteration, totalIterations, loss, etaSeconds, preview, validationLoss, null);
    }

    public static Progress starting(int totalIterations) {
        return new Progress(0, totalIterations, null, null, null);
    }

    /** This progress, at the end of a job that ran {@code iterations} steps. */
    public Progress finished(int iterations) {
        return new Progress(iterations, totalIterations, loss, 0.0, preview, validationLoss, losses);
    }
}
