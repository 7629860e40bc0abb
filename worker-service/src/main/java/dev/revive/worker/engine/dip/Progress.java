package dev.revive.worker.engine.dip;

/**
 * A progress report.
 *
 * @param iteration iterations completed so far, 1..totalIterations
 * @param totalIterations iterations the job will run
 * @param loss data-term loss of the last completed iteration (before its update)
 * @param validationLoss a training's loss on a fixed set of patches, comparable from one report to the
 *     next where the loss of each step's random batch is not; NaN where there is none (DIP)
 */
public record Progress(int iteration, int totalIterations, double loss, double validationLoss) {

    public Progress(int iteration, int totalIterations, double loss) {
        this(iteration, totalIterations, loss, Double.NaN);
    }
}
