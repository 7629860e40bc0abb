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
import dev.revive.model.RunMetrics;
import dev.revive.model.Stopping;
import dev.revive.model.UnsupportedImageException;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import dev.revive.storage.StorageUnavailableException;
import dev.revive.tracing.Traced;
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
import dev.revive.model.MaskUse;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Task;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.imported.UnsupportedModelException;
import dev.revive.worker.messaging.EventPublishException;
import dev.revive.worker.messaging.EventPublisher;
import dev.revive.worker.metrics.WorkerMetrics;
import dev.revive.worker.webhook.Webhooks;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
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
    private final OldPhotoRepair oldPhotoRepair;
    private final SelfSupervisedRestorer trainedOnThePhoto;
    private final TrainedModels trainedModels;
    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final Webhooks webhooks;
    private final Tracer tracer;
    private final String workerId;
    private final Clock clock = Clock.systemUTC();

    public JobRunner(ObjectStore store, EventPublisher events, Instance<Restorer> restorers,
            OldPhotoRepair oldPhotoRepair, SelfSupervisedRestorer trainedOnThePhoto, TrainedModels trainedModels,
            WorkerConfig config, WorkerMetrics metrics, Webhooks webhooks, Tracer tracer) {
        this.webhooks = webhooks;
        this.tracer = tracer;
        this.trainedModels = trainedModels;
        this.store = store;
        this.events = events;
        this.restorer = restorers.get();
        this.oldPhotoRepair = oldPhotoRepair;
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
        JobRecord done = metrics.inFlight(() -> runWithRetries(request.resolved(), stop));
        webhooks.announce(request.webhook(), eventOf(done));
        return done;
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
            LOG.infof("job %s is already %s; its final event goes out again, the job is not redone", record.jobId(),
                    record.status().wireName());
            announce(record, eventOf(record));
            return record;
        }
        String refusal = outputRefusal(resolved);
        if (refusal != null) {
            return fail(record, ErrorCode.INVALID_REQUEST, refusal);
        }
        CancelWatch cancelWatch = new CancelWatch(store, JobKeys.of(record.jobId()), config.cancelCheckInterval());
        if (cancelWatch.requested()) {
            return fail(record, ErrorCode.CANCELLED, "the job was cancelled before it started");
        }
        long attemptStart = System.nanoTime();
        JobRecord running = record.started(clock.instant(), workerId);
        save(running);
        LOG.infof("job %s started (attempt %d)", running.jobId(), running.attempts());
        ProgressReporter progress = new ProgressReporter(running, store, events, workerId, config.recordInterval(),
                metrics);
        try {
            DecodedImage input = readImage(resolved.input(), "input");
            CancellationSignal cancellation = () -> stop.cancelled() || cancelWatch.requested();
            Observation observation = observe(resolved, input, cancellation);
            long engineStart = System.nanoTime();
            Restoration restored = inSpan("engine " + resolved.method().wireName(),
                    () -> switch (resolved.method()) {
                case DEEP_IMAGE_PRIOR -> resolved.task() == Task.OLD_PHOTO
                        ? oldPhotoRepair.repair(observation, settings(resolved.options(), config.maxJobTime()),
                        resolved.options().channels(), progress, cancellation)
                        : restorer.restore(resolved.task(), observation,
                        settings(resolved.options(), config.maxJobTime()), resolved.options().channels(), progress,
                        cancellation);
                case MODEL -> trainedModels.restore(resolved.model(), resolved.task(), observation, cancellation);
                case NOISE2VOID, NEIGHBOR2NEIGHBOR, SELF2SELF, BLIND_SPOT -> trainedOnThePhoto.restore(resolved.method(),
                        observation.degraded(), resolved.options(), timeLimit(resolved.options(), config.maxJobTime()),
                        progress, cancellation);
                case NOISE2NOISE, UNPAIRED, OLD_PHOTO_TRIPLET, DEFECT_DETECTOR -> throw new IllegalArgumentException(
                        resolved.method().wireName()
                        + " trains only on a collection; the request validation refuses it for one photo");
            });
            long engineNanos = System.nanoTime() - engineStart;
            ResultInfo result = writeResult(resolved, restored, input);
            result = result.withMetrics(metrics(running, restored, engineNanos, System.nanoTime() - attemptStart));
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
        } catch (UnsupportedModelException e) {
            return fail(progress.current(), ErrorCode.UNSUPPORTED_MODEL, e.getMessage());
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
    private Observation observe(RestorationRequest request, DecodedImage input, CancellationSignal cancellation) {
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
            case OLD_PHOTO -> Observation.withHoles(photo, defectsKnown(request, photo, cancellation));
        };
    }

    /**
     * The old photo's sound pixels (1) and defects (0): the request's mask, the detector's finding at the request's
     * threshold, or both, as the options say.
     */
    private float[] defectsKnown(RestorationRequest request, Image photo, CancellationSignal cancellation) {
        RestorationOptions options = request.options();
        float[] known = new float[Math.toIntExact(photo.pixelCount())];
        java.util.Arrays.fill(known, 1f);
        if (request.mask() != null) {
            known = Masks.known(readBytes(request.mask(), "mask"), photo.width(), photo.height());
        }
        if (request.mask() == null || options.maskUse() == MaskUse.ADD) {
            float[] defects = inSpan("detect defects", () -> trainedModels.defects(options.detector(), photo,
                    cancellation)).pixels();
            double threshold = options.defectThreshold() == null ? RestorationOptions.DEFECT_THRESHOLD
                    : options.defectThreshold();
            for (int i = 0; i < known.length; i++) {
                if (defects[i] >= threshold) {
                    known[i] = 0f;
                }
            }
        }
        boolean anyKnown = false;
        for (float k : known) {
            anyKnown |= k > 0f;
        }
        if (!anyKnown) {
            throw new UnsupportedImageException("every pixel was found defective, so nothing is left to repair from;"
                    + " raise options.defectThreshold or upload a mask");
        }
        return known;
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

    /** How the run went, for the pipeline that asked: its times, its pace, and how many tries it took. */
    private static RunMetrics metrics(JobRecord running, Restoration restored, long engineNanos, long wallNanos) {
        double engine = RunMetrics.seconds(engineNanos);
        Double perIteration = restored.iterations() > 0
                ? Math.round(engineNanos / 1e3 / restored.iterations()) / 1e6 : null;
        Double queued = running.createdAt() == null || running.startedAt() == null ? null
                : RunMetrics.seconds(Duration.between(running.createdAt(), running.startedAt()).toNanos());
        return new RunMetrics(RunMetrics.seconds(wallNanos), engine, perIteration, queued, running.attempts());
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
     * final and only announces it again.
     */
    private JobRecord save(JobRecord record) {
        store.writeRecord(record);
        if (record.status().isTerminal()) {
            metrics.finished(record);
            announce(record, eventOf(record));
        } else {
            events.publish(eventOf(record));
        }
        return record;
    }

    /**
     * Publishes a final event, and to the reply topic if the request named one. Also when a finished job comes
     * back: a worker that stopped between the record and its event, or whose publish failed, left the final event
     * unsent, and the record cannot tell. The event is then the same event again (same id, same time).
     */
    private void announce(JobRecord finished, JobEvent event) {
        events.publish(event);
        if (finished.replyTo() != null) {
            events.reply(event, finished.replyTo());
        }
    }

    /**
     * The event of a record, timed by the record's update and sourced from the worker that ran it: the topic, the
     * reply and the webhook carry the same event, and a final event announced again by another worker is that event.
     */
    private JobEvent eventOf(JobRecord record) {
        return JobEvent.of(record, record.worker() == null ? workerId : record.worker(), record.updatedAt());
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

    /**
     * Why the request's {@code output} cannot be written, or null when it can (or there is none). The validator
     * already refused the input's own key; this also sees where a missing bucket points, and anyone may produce.
     */
    private String outputRefusal(RestorationRequest request) {
        if (request.output() == null) {
            return null;
        }
        ObjectRef output = request.output().withBucketIfMissing(store.bucket());
        if (!output.bucket().equals(store.bucket())) {
            return "output must be in the bucket '" + store.bucket() + "', where the worker writes results";
        }
        if (output.equals(request.input().withBucketIfMissing(store.bucket()))) {
            return "output is the input itself; an original is never overwritten";
        }
        return null;
    }

    /**
     * The result in the input's format, with its alpha, depth and metadata carried over; at the request's output
     * when it names one (a batch's destination layout), else under the job's folder.
     */
    private ResultInfo writeResult(RestorationRequest request, Restoration restored, DecodedImage input) {
        Image image = restored.image();
        byte[] encoded = ImageCodec.encode(image, input);
        ImageFormat format = input.format();
        String key = request.output() == null ? JobKeys.of(request.jobId()).result(format) : request.output().key();
        ObjectRef ref = store.put(key, encoded, format.mediaType());
        metrics.written("result", encoded.length);
        return new ResultInfo(ref, format.mediaType(), encoded.length, Hashes.sha256(encoded), image.width(),
                image.height(), restored.iterations(), restored.stopReason());
    }

    /** Runs {@code work} in a child span of the job's, marked failed if it throws. */
    private <T> T inSpan(String name, Supplier<T> work) {
        try (Traced traced = Traced.open(tracer.spanBuilder(name).startSpan())) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                traced.failed(e);
                throw e;
            }
        }
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
