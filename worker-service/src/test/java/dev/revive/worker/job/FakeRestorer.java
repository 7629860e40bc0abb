package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in engine for pipeline tests, whose subject is the messaging and storage around the engine:
 * it inverts the image, reports progress like the real loop, and takes {@link #MILLIS_PER_ITERATION} per step.
 */
@Alternative
@ApplicationScoped
public class FakeRestorer implements Restorer {
    public static final long MILLIS_PER_ITERATION = 10;
    /** How often each seed was restored, so tests can tell redone work from skipped work. */
    public static final ConcurrentHashMap<Long, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    /** How many more times a restoration with this seed fails as a native error would, before it works. */
    public static final ConcurrentHashMap<Long, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    @Override
    public Image restore(Task task, Image input, DipSettings settings, ProgressListener progress,
            CancellationSignal cancellation) {
        RUNS.computeIfAbsent(settings.seed(), s -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failures = FAILURES.get(settings.seed());
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new IllegalStateException("simulated engine failure");
        }
        for (int i = 1; i <= settings.iterations(); i++) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(i - 1);
            }
            try {
                Thread.sleep(MILLIS_PER_ITERATION);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestorationCancelledException(i - 1);
            }
            if (i % settings.progressEvery() == 0 || i == settings.iterations()) {
                progress.onProgress(new Progress(i, settings.iterations(), 1.0 / i));
            }
        }
        float[] inverted = input.pixels().clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = 1f - inverted[i];
        }
        return new Image(input.width(), input.height(), input.channels(), inverted);
    }
}
