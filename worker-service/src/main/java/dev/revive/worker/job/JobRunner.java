package dev.revive.worker.job;

import dev.revive.model.ErrorCode;
import dev.revive.model.Hashes;
import dev.revive.model.ImageFormat;
import dev.revive.model.JobError;
import dev.revive.model.JobEvent;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.ResultInfo;
import dev.revive.model.Stopping;
import dev.revive.model.UnsupportedImageException;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import dev.revive.storage.StorageUnavailableException;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.DecodedImage;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.ImageTooLargeException;
import dev.revive.worker.engine.image.Masks;
import dev.revive.worker.messaging.EventPublishException;
import dev.revive.worker.messaging.EventPublisher;
import dev.revive.worker.metrics.WorkerMetrics;
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
    private final SelfSupervisedRestorer trainedOnThePhoto;
    private final TrainedModels trainedModels;
    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final Clock clock = Clock.systemUTC();

    public JobRunner(ObjectStore store, EventPublisher events, Instance<Restorer> restorers,
            SelfSupervisedRestorer trainedOnThePhoto, TrainedModels trainedModels, WorkerConfig config,
            WorkerMetrics metrics) {
        this.trainedModels = trainedModels;
        this.store = store;
        this.events = events;
        this.restorer = restorers.get();
        this.trainedOnThePhoto = trainedOnThePhoto;
        this.config = config;
        this.metrics = metrics;
        this.workerId = config.id().orElseGet(JobRunner::defaultWorkerId);
    }

    /**
     * Runs a valid request to a final state and returns the final record.
     *
     * @throws WorkerStoppingException when {@code stop} interrupted the job; it is handed back, not finished
     */
    public JobRecord run(RestorationRequest request, CancellationSignal stop) {
        return metrics.inFlight(() -> runWithRetries(request.resolved(), stop));
    }

    private JobRecord runWithRetries(RestorationRequest resolved, CancellationSignal stop) {
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
        ProgressReporter progress = new ProgressReporter(running, store, events, workerId, config.recordInterval(),
                metrics);
        try {
            DecodedImage input = readImage(resolved.input(), "input");
            Observation observation = observe(resolved, input);
            CancellationSignal cancellation = () -> stop.cancelled() || cancelWatch.requested();
            Restoration restored = switch (resolved.method()) {
                case DEEP_IMAGE_PRIOR -> restorer.restore(resolved.task(), observation,
                        settings(resolved.options(), config.maxJobTime()), resolved.options().channels(), progress,
                        cancellation);
                case MODEL -> trainedModels.denoise(resolved.model(), observation.degraded(), cancellation);
                case NOISE2VOID, NEIGHBOR2NEIGHBOR, SELF2SELF, BLIND_SPOT -> trainedOnThePhoto.restore(resolved.method(),
                        observation.degraded(), resolved.options(), timeLimit(resolved.options(), config.maxJobTime()),
                        progress, cancellation);
                case NOISE2NOISE, UNPAIRED -> throw new IllegalArgumentException(resolved.method().wireName()
                        + " trains only on a collection; the request validation refuses it for one photo");
            };
            ResultInfo result = writeResult(resolved.jobId(), restored, input);
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

    /**
     * What the task gives the engine to explain: the photo, and the mask or guide read from the store. The pixel
     * limit is on the result, which super-resolution makes larger than the input.
     */
    private Observation observe(RestorationRequest request, DecodedImage input) {
        Image photo = input.color();
        int scale = request.options().outputScale();
        if (photo.pixelCount() * scale * scale > config.maxPixels()) {
            throw new ImageTooLargeException(photo.width() * scale, photo.height() * scale, config.maxPixels());
        }
        return switch (request.task()) {
            case DENOISE, DEJPEG -> Observation.noisy(photo);
            case SUPER_RESOLVE -> Observation.lowResolution(photo, scale);
            case INPAINT -> Observation.withHoles(photo, Masks.known(readBytes(request.mask(), "mask"),
                    photo.width(), photo.height()));
            case FLASH_GUIDED -> Observation.guidedBy(photo, guide(readImage(request.guide(), "guide"), photo));
        };
    }

    /** The flash photo as the network's input: the no-flash photo's size, and its channels. */
    private static Image guide(DecodedImage flash, Image noFlash) {
        Image guide = flash.color();
        if (guide.width() != noFlash.width() || guide.height() != noFlash.height()) {
            throw new UnsupportedImageException("the guide is " + guide.width() + "x" + guide.height()
                    + " but the image is " + noFlash.width() + "x" + noFlash.height()
                    + "; they must be the same size");
        }
        return guide.channels() == noFlash.channels() ? guide : guide.withChannels(noFlash.channels());
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

    /**
     * The record first, then the event: a consumer that sees the event can always read the record. A final
     * record is counted once it is durable and before the event, since a retry after a failed publish finds it
     * final and does nothing.
     */
    private JobRecord save(JobRecord record) {
        store.writeRecord(record);
        if (record.status().isTerminal()) {
            metrics.finished(record);
        }
        events.publish(JobEvent.of(record, workerId, clock.instant()));
        return record;
    }

    private DecodedImage readImage(ObjectRef ref, String role) {
        return ImageCodec.decode(readBytes(ref, role), config.maxPixels());
    }

    private byte[] readBytes(ObjectRef ref, String role) {
        ObjectRef located = ref.withBucketIfMissing(store.bucket());
        byte[] bytes = store.read(located, config.maxImageSize().asLongValue())
                .orElseThrow(() -> new InputMissingException(role, located));
        metrics.read(role, bytes.length);
        return bytes;
    }

    /** The result in the input's format, with its alpha, depth and metadata carried over. */
    private ResultInfo writeResult(String jobId, Restoration restored, DecodedImage input) {
        Image image = restored.image();
        byte[] encoded = ImageCodec.encode(image, input);
        ImageFormat format = input.format();
        ObjectRef ref = store.put(JobKeys.of(jobId).result(format), encoded, format.mediaType());
        metrics.written("result", encoded.length);
        return new ResultInfo(ref, format.mediaType(), encoded.length, Hashes.sha256(encoded), image.width(),
                image.height(), restored.iterations(), restored.stopReason());
    }

    /**
     * The engine's settings for resolved options. The wall-time cap is the request's, within the worker's own:
     * nobody's job may hold a worker longer than its operator allows.
     */
    public static DipSettings settings(RestorationOptions o, Duration workerCap) {
        Duration cap = timeLimit(o, workerCap);
        return new DipSettings(o.iterations(), o.seed(), o.learningRate().floatValue(), o.inputNoise().floatValue(),
                o.averaging().floatValue(), o.progressEvery(), o.stop() == Stopping.AUTO, cap, o.previewEvery());
    }

    /** The request's wall-time cap within the worker's own. */
    static Duration timeLimit(RestorationOptions o, Duration workerCap) {
        return o.maxSeconds() == null ? workerCap : min(Duration.ofSeconds(o.maxSeconds()), workerCap);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String defaultWorkerId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "worker");
        return host + "-" + ProcessHandle.current().pid();
    }
}
