package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.image.Image;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated engine with what pipeline tests need to see through it: it counts runs per seed, fails on
 * request, and inverts the photo so a test can tell the engine's output from its input.
 */
@Alternative
@Singleton
public class FakeRestorer extends SimulatedRestorer {
    /** Must match revive.worker.simulated-step-time in {@link FakeEngineProfile}. */
    public static final long MILLIS_PER_ITERATION = 10;
    /** How often each seed was restored, so tests can tell redone work from skipped work. */
    public static final ConcurrentHashMap<Long, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    /** How many more times a restoration with this seed fails as a native error would, before it works. */
    public static final ConcurrentHashMap<Long, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    public FakeRestorer(WorkerConfig config) {
        super(config);
    }

    @Override
    public Restoration restore(Task task, Observation observation, DipSettings settings, Integer channels,
            ProgressListener progress, CancellationSignal cancellation) {
        RUNS.computeIfAbsent(settings.seed(), s -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failures = FAILURES.get(settings.seed());
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new IllegalStateException("simulated engine failure");
        }
        Restoration same = super.restore(task, observation, settings, channels, progress, cancellation);
        Image image = same.image();
        float[] inverted = image.pixels().clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = 1f - inverted[i];
        }
        return new Restoration(new Image(image.width(), image.height(), image.channels(), inverted),
                same.iterations(), same.stopReason(), same.divergenceRecoveries());
    }
}
