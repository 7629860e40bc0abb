package dev.revive.worker.engine.dip;

import dev.revive.model.StopReason;
import dev.revive.worker.engine.image.Image;
import java.util.function.Function;

/**
 * The loop every task shares once its graph is reset and its observation loaded: steps, progress
 * and previews, cancellation, the time limit, the stopping rule and the divergence guard.
 *
 * <p>The loss is fetched at every step: the guard needs it, and fetching it costs ~0.1% of a step
 * (measured in the package notes). The raw output is fetched only for a rule that reads it.
 */
final class OptimisationLoop {

    /** How a loop ended. */
    record Outcome(int iterations, StopReason stopReason, int divergenceRecoveries) {
    }

    private OptimisationLoop() {}

    /**
     * @param toOutputImage crops a padded output (HWC, the graph's size) to the job's output image
     * @throws RestorationCancelledException when {@code cancellation} fires before a step
     */
    static Outcome run(DipGraph graph, DipSettings settings, StoppingRule stoppingRule,
            ProgressListener progress, CancellationSignal cancellation,
            Function<float[], Image> toOutputImage) {
        long start = System.nanoTime();
        long limit = settings.timeLimit() == null ? Long.MAX_VALUE : settings.timeLimit().toNanos();
        boolean askRule = settings.autoStop() && stoppingRule != StoppingRule.NEVER;
        boolean fetchOutputs = askRule && stoppingRule.needsOutputs();
        int total = settings.iterations();
        DivergenceGuard guard = new DivergenceGuard(graph);
        for (int done = 0; done < total; ) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(done);
            }
            DipGraph.Step step = graph.step(true, fetchOutputs);
            done++;
            boolean healthy = guard.check(done, step.loss());
            if (done % settings.progressEvery() == 0 || done == total) {
                progress.onProgress(new Progress(done, total, step.loss()));
            }
            if (settings.previewEvery() > 0 && done % settings.previewEvery() == 0) {
                progress.onPreview(done, toOutputImage.apply(graph.averagedOutput()));
            }
            if (healthy && askRule && stoppingRule.shouldStop(done, step.loss(), step.output())) {
                return new Outcome(done, StopReason.AUTO, guard.recoveries());
            }
            if (done < total && System.nanoTime() - start >= limit) {
                return new Outcome(done, StopReason.TIME_LIMIT, guard.recoveries());
            }
        }
        return new Outcome(total, StopReason.ITERATIONS, guard.recoveries());
    }
}
