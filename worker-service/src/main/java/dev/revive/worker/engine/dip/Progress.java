package dev.revive.worker.engine.dip;

/**
 * A progress report.
 *
 * @param iteration iterations completed so far, 1..totalIterations
 * @param totalIterations iterations the job will run
 * @param loss data-term loss of the last completed iteration (before its update)
 */
public record Progress(int iteration, int totalIterations, double loss) {
}
