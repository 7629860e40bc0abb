package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.messaging.PublishFailedException;
import dev.revive.api.messaging.RequestPublisher;
import dev.revive.model.Hashes;
import dev.revive.model.ImageInfo;
import dev.revive.model.ImageProbe;
import dev.revive.model.JobKeys;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import dev.revive.model.UnsupportedImageException;
import dev.revive.model.Violation;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Turns an accepted image into a queued job: everything is checked before anything is stored, and nothing
 * stays stored if the request cannot be queued.
 */
@ApplicationScoped
public class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final ObjectStore store;
    private final RequestPublisher publisher;
    private final IdempotentSubmissions idempotent;
    private final ApiConfig config;
    private final Clock clock = Clock.systemUTC();

    public SubmissionService(ObjectStore store, RequestPublisher publisher, IdempotentSubmissions idempotent,
            ApiConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.idempotent = idempotent;
        this.config = config;
    }

    /** @param idempotencyKey the client's key for safe retries, or null */
    public JobRecord submitUpload(Task task, byte[] image, RestorationOptions options, String idempotencyKey) {
        requireValidOptions(options);
        ImageInfo info = probe(image);
        return once(idempotencyKey, fingerprint(task, options, "sha256:" + Hashes.sha256(image)),
                () -> submit(task, image, info, options));
    }

    /** An input already in the store is copied under the job, so the job never changes if the source does. */
    public JobRecord submitReference(Task task, ObjectRef input, RestorationOptions options, String idempotencyKey) {
        List<Violation> inputViolations = RequestValidator.validateInput(input);
        if (!inputViolations.isEmpty()) {
            throw ApiProblem.invalid(inputViolations);
        }
        requireValidOptions(options);
        ObjectRef source = input.withBucketIfMissing(store.bucket());
        if (!readable(source.bucket())) {
            throw ApiProblem.badRequest("bucket-not-allowed",
                    "inputs may only be referenced from the buckets " + readableBuckets());
        }
        return once(idempotencyKey, fingerprint(task, options, "s3:" + source.bucket() + "/" + source.key()),
                () -> {
                    byte[] image = read(source);
                    return submit(task, image, probe(image), options);
                });
    }

    private byte[] read(ObjectRef source) {
        try {
            return store.read(source, config.maxUploadSize().asLongValue()).orElseThrow(() -> ApiProblem.badRequest(
                    "input-not-found", "there is no object '" + source.key() + "' in bucket '" + source.bucket() + "'"));
        } catch (ObjectTooLargeException e) {
            throw ApiProblem.tooLarge(e.getMessage());
        }
    }

    public void requireAllowedSize(long bytes) {
        if (bytes > config.maxUploadSize().asLongValue()) {
            throw ApiProblem.tooLarge("the image has " + bytes + " bytes; the limit is "
                    + config.maxUploadSize().asLongValue());
        }
    }

    private JobRecord submit(Task task, byte[] image, ImageInfo info, RestorationOptions options) {
        String jobId = JobIds.newId();
        JobKeys keys = JobKeys.of(jobId);
        ObjectRef stored = store.put(keys.input(), image, info.format().mediaType());
        RestorationRequest request = RestorationRequest.of(jobId, task, stored, options, clock.instant()).resolved();
        JobRecord queued = JobRecord.queued(request);
        store.writeRecord(queued);
        try {
            publisher.publish(request);
        } catch (PublishFailedException e) {
            store.remove(keys.record());
            store.remove(keys.input());
            throw e;
        }
        LOG.infof("job %s queued: %s %dx%d %s", jobId, task.wireName(), info.width(), info.height(),
                info.format().mediaType());
        return queued;
    }

    private JobRecord once(String idempotencyKey, String fingerprint, Supplier<JobRecord> submit) {
        return idempotencyKey == null ? submit.get() : idempotent.once(idempotencyKey, fingerprint, submit);
    }

    /** What makes two submissions the same request: task, options and the image's identity. */
    private static String fingerprint(Task task, RestorationOptions options, String image) {
        return Hashes.sha256((task.wireName() + "\n" + Json.write(options) + "\n" + image)
                .getBytes(StandardCharsets.UTF_8));
    }

    private ImageInfo probe(byte[] image) {
        requireAllowedSize(image.length);
        ImageInfo info;
        try {
            info = ImageProbe.probe(image);
        } catch (UnsupportedImageException e) {
            throw ApiProblem.badRequest("unsupported-image", e.getMessage());
        }
        if (info.pixels() > config.maxPixels()) {
            throw ApiProblem.tooLarge("the image is " + info.width() + "x" + info.height() + " = " + info.pixels()
                    + " pixels; the limit is " + config.maxPixels());
        }
        return info;
    }

    private static void requireValidOptions(RestorationOptions options) {
        List<Violation> violations = RequestValidator.validateOptions(options);
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
    }

    private boolean readable(String bucket) {
        return readableBuckets().contains(bucket);
    }

    private List<String> readableBuckets() {
        List<String> extra = config.readableBuckets().orElse(List.of());
        return Stream.concat(Stream.of(store.bucket()), extra.stream()).toList();
    }
}
