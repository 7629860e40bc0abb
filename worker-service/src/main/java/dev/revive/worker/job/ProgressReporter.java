package dev.revive.worker.job;

import dev.revive.model.JobEvent;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.Progress;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.messaging.EventPublisher;
import dev.revive.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;

/**
 * Tells the world how a running job goes: every report becomes an event, the record is written at most every
 * {@code recordInterval}, and each preview is stored small under the job and announced with the next report.
 * The iterations between reports are counted as done, so the counter's rate is the engine's pace.
 */
final class ProgressReporter implements ProgressListener {
    /** Longest side of a preview: enough to watch the photo emerge, small enough to store every few seconds. */
    static final int PREVIEW_SIDE = 256;

    private final ObjectStore store;
    private final EventPublisher events;
    private final String workerId;
    private final Duration recordInterval;
    private final WorkerMetrics metrics;
    private final Counter iterations;
    private int countedIterations;
    private final Clock clock = Clock.systemUTC();
    private final long startNanos = System.nanoTime();
    private long lastWriteNanos = startNanos;
    private ObjectRef preview;
    private JobRecord current;

    ProgressReporter(JobRecord running, ObjectStore store, EventPublisher events, String workerId,
            Duration recordInterval, WorkerMetrics metrics) {
        this.current = running;
        this.store = store;
        this.events = events;
        this.workerId = workerId;
        this.recordInterval = recordInterval;
        this.metrics = metrics;
        this.iterations = metrics.iterations(running.task(), running.method());
    }

    JobRecord current() {
        return current;
    }

    @Override
    public void onProgress(dev.revive.worker.engine.dip.Progress progress) {
        if (progress.iteration() > countedIterations) {
            iterations.increment(progress.iteration() - countedIterations);
            countedIterations = progress.iteration();
        }
        current = current.progressed(new Progress(progress.iteration(), progress.totalIterations(), progress.loss(),
                eta(progress.iteration(), progress.totalIterations()), preview), clock.instant());
        long now = System.nanoTime();
        if (now - lastWriteNanos >= recordInterval.toNanos()) {
            store.writeRecord(current);
            lastWriteNanos = now;
        }
        events.publish(JobEvent.of(current, workerId, clock.instant()));
    }

    @Override
    public void onPreview(int iteration, Image estimate) {
        byte[] png = ImageCodec.encodePng(estimate.shrunkTo(PREVIEW_SIDE), null, 8);
        preview = store.put(JobKeys.of(current.jobId()).preview(), png, "image/png");
        metrics.written("preview", png.length);
    }

    /** Seconds to the iteration cap at the pace so far; an automatic stop may come sooner. */
    private Double eta(int iteration, int total) {
        if (iteration <= 0) {
            return null;
        }
        double secondsPerIteration = (System.nanoTime() - startNanos) / 1e9 / iteration;
        return Math.round(secondsPerIteration * (total - iteration) * 10) / 10.0;
    }
}
