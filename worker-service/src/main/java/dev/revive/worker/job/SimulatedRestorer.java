package dev.revive.worker.job;

import dev.revive.model.StopReason;
import dev.revive.model.Task;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Resampling;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Stands in for the engine when what is measured is the system around it (scaling, load): each iteration
 * costs a fixed time, progress, previews, the time limit and cancellation behave as in DIP, and the photo
 * comes back unchanged (enlarged by repetition for super-resolution). Chosen with
 * {@code revive.worker.engine=simulated}; never the default.
 */
@Singleton
@LookupIfProperty(name = WorkerConfig.ENGINE, stringValue = "simulated")
public class SimulatedRestorer implements Restorer {
    private final Duration stepTime;

    public SimulatedRestorer(WorkerConfig config) {
        this.stepTime = config.simulatedStepTime();
    }

    @Override
    public Restoration restore(Task task, Observation observation, DipSettings settings, Integer channels,
            ProgressListener progress, CancellationSignal cancellation) {
        Image output = Resampling.nearestUpsample(observation.degraded(), observation.scale());
        long deadline = settings.timeLimit() == null ? Long.MAX_VALUE
                : System.nanoTime() + settings.timeLimit().toNanos();
        for (int i = 1; i <= settings.iterations(); i++) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(i - 1);
            }
            try {
                Thread.sleep(stepTime.toMillis(), stepTime.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestorationCancelledException(i - 1);
            }
            if (i % settings.progressEvery() == 0 || i == settings.iterations()) {
                progress.onProgress(new Progress(i, settings.iterations(), 1.0 / i));
            }
            if (settings.previewEvery() > 0 && i % settings.previewEvery() == 0) {
                progress.onPreview(i, output);
            }
            if (System.nanoTime() >= deadline) {
                return new Restoration(output, i, StopReason.TIME_LIMIT, 0);
            }
        }
        return new Restoration(output, settings.iterations(), StopReason.ITERATIONS, 0);
    }
}
