package dev.revive.worker.job;

import dev.revive.model.ErrorCode;
import dev.revive.model.Hashes;
import dev.revive.model.JobError;
import dev.revive.model.JobEvent;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.ResultInfo;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import dev.revive.storage.StorageUnavailableException;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.DecodedImage;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.ImageTooLargeException;
import dev.revive.worker.engine.image.UnsupportedImageException;
import dev.revive.worker.messaging.EventPublishException;
import dev.revive.worker.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Carries one delivery of a request through its life cycle. Results go under deterministic keys and a
 * finished job is never redone, so a redelivery after a crash repeats work but never its visible effects.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final ObjectStore store;
    private final EventPublisher events;
    private final Restorer restorer;
    private final WorkerConfig config;
    private final String workerId;
    private final Clock clock = Clock.systemUTC();

    public JobRunner(ObjectStore store, EventPublisher events, Instance<Restorer> restorers, WorkerConfig config) {
        this.store = store;
        this.events = events;
        this.restorer = restorers.get();
        this.config = config;
        this.workerId = config.id().orElseGet(JobRunner::defaultWorkerId);
    }

    /**
     * Runs a valid request to a final state and returns the final record.
     *
     * @throws WorkerStoppingException when {@code stop} interrupted the job; it is handed back, not finished
     */
    public JobRecord run(RestorationRequest request, CancellationSignal stop) {
        RestorationRequest resolved = request.resolved();
        Backoff backoff = new Backoff(config.retry());
        for (int attempt = 1;; attempt++) {
            boolean last = attempt >= config.retry().maxAttempts();
            try {
                return attempt(resolved, stop, last);
            } catch (StorageUnavailableException | EventPublishException | RetryableEngineFailure e) {
                if (last) {
                    throw e;
                }
                Duration wait = backoff.before(attempt + 1);
                LOG.warnf("job %s: %s; trying again in %s (attempt %d of %d)", resolved.jobId(), e.getMessage(),
                        wait, attempt, config.retry().maxAttempts());
                if (!backoff.pause(wait, stop)) {
                    throw new WorkerStoppingException(resolved.jobId());
                }
            }
        }
    }

    /**
     * One try at the job. Trouble with the store or the broker, and an engine failure before the last try,
     * are thrown for {@link #run} to retry; everything else ends in a final record.
     */
    private JobRecord attempt(RestorationRequest resolved, CancellationSignal stop, boolean last) {
        JobRecord record = store.readRecord(resolved.jobId()).orElseGet(() -> JobRecord.queued(resolved));
        if (record.status().isTerminal()) {
            LOG.infof("job %s is already %s; nothing to do", record.jobId(), record.status().wireName());
            return record;
        }
        CancelWatch cancelWatch = new CancelWatch(store, JobKeys.of(record.jobId()), config.cancelCheckInterval());
        if (cancelWatch.requested()) {
            return fail(record, ErrorCode.CANCELLED, "the job was cancelled before it started");
        }
        JobRecord running = record.started(clock.instant());
        save(running);
        LOG.infof("job %s started (attempt %d)", running.jobId(), running.attempts());
        ProgressReporter progress = new ProgressReporter(running);
        try {
            DecodedImage input = readInput(resolved);
            Image restored = restorer.restore(resolved.task(), input.color(), settings(resolved.options()),
                    progress, () -> stop.cancelled() || cancelWatch.requested());
            byte[] png = ImageCodec.encodePng(restored, input.alpha(), input.bitDepth());
            ResultInfo result = writeResult(resolved.jobId(), png, restored);
            return save(progress.current().succeeded(result, clock.instant()));
        } catch (RestorationCancelledException e) {
            if (stop.cancelled()) {
                throw new WorkerStoppingException(running.jobId());
            }
            return fail(progress.current(), ErrorCode.CANCELLED, "the job was cancelled after "
                    + e.completedIterations() + " iterations");
        } catch (InputMissingException e) {
            return fail(progress.current(), ErrorCode.INPUT_NOT_FOUND, e.getMessage());
        } catch (UnsupportedImageException e) {
            return fail(progress.current(), ErrorCode.UNSUPPORTED_IMAGE, e.getMessage());
        } catch (ImageTooLargeException | ObjectTooLargeException e) {
            return fail(progress.current(), ErrorCode.IMAGE_TOO_LARGE, e.getMessage());
        } catch (StorageUnavailableException | EventPublishException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed in the engine", running.jobId());
            if (!last) {
                throw new RetryableEngineFailure(e);
            }
            return fail(progress.current(), ErrorCode.ENGINE_FAILURE, "restoration failed: " + e.getMessage());
        }
    }

    /** Records a request that can never run, so whoever follows the job learns why. */
    public void reject(RestorationRequest request, String reason) {
        JobRecord record = store.readRecord(request.jobId()).orElseGet(() -> JobRecord.queued(request));
        if (!record.status().isTerminal()) {
            save(record.failed(JobError.of(ErrorCode.INVALID_REQUEST, reason), clock.instant()));
        }
    }

    private JobRecord fail(JobRecord current, ErrorCode code, String message) {
        LOG.infof("job %s failed: %s", current.jobId(), message);
        return save(current.failed(JobError.of(code, message), clock.instant()));
    }

    /** The record first, then the event: a consumer that sees the event can always read the record. */
    private JobRecord save(JobRecord record) {
        store.writeRecord(record);
        events.publish(JobEvent.of(record, workerId, clock.instant()));
        return record;
    }

    private DecodedImage readInput(RestorationRequest request) {
        ObjectRef input = request.input().withBucketIfMissing(store.bucket());
        byte[] bytes = store.read(input, config.maxImageSize().asLongValue())
                .orElseThrow(() -> new InputMissingException(input));
        return ImageCodec.decode(bytes, config.maxPixels());
    }

    private ResultInfo writeResult(String jobId, byte[] png, Image image) {
        ObjectRef ref = store.put(JobKeys.of(jobId).result(), png, "image/png");
        return new ResultInfo(ref, "image/png", png.length, Hashes.sha256(png), image.width(), image.height());
    }

    static DipSettings settings(RestorationOptions o) {
        return new DipSettings(o.iterations(), o.seed(), o.learningRate().floatValue(), o.inputNoise().floatValue(),
                o.averaging().floatValue(), o.progressEvery(), false, null, 0);
    }

    private static String defaultWorkerId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "worker");
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Publishes every progress report and writes the record at most every {@code recordInterval}. */
    private final class ProgressReporter implements dev.revive.worker.engine.dip.ProgressListener {
        private JobRecord current;
        private long lastWriteNanos = System.nanoTime();

        ProgressReporter(JobRecord running) {
            this.current = running;
        }

        JobRecord current() {
            return current;
        }

        @Override
        public void onProgress(dev.revive.worker.engine.dip.Progress progress) {
            current = current.progressed(new dev.revive.model.Progress(progress.iteration(),
                    progress.totalIterations(), progress.loss()), clock.instant());
            long now = System.nanoTime();
            if (now - lastWriteNanos >= config.recordInterval().toNanos()) {
                store.writeRecord(current);
                lastWriteNanos = now;
            }
            events.publish(JobEvent.of(current, workerId, clock.instant()));
        }
    }
}
