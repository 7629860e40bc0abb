package dev.revive.api.submission;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.messaging.PublishFailedException;
import dev.revive.api.messaging.RequestPublisher;
import dev.revive.model.ImageInfo;
import dev.revive.model.ImageProbe;
import dev.revive.model.JobKeys;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
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
import java.time.Clock;
import java.util.List;
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
    private final ApiConfig config;
    private final Clock clock = Clock.systemUTC();

    public SubmissionService(ObjectStore store, RequestPublisher publisher, ApiConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.config = config;
    }

    public JobRecord submitUpload(Task task, byte[] image, RestorationOptions options) {
        requireValidOptions(options);
        return submit(task, image, probe(image), options);
    }

    /** An input already in the store is copied under the job, so the job never changes if the source does. */
    public JobRecord submitReference(Task task, ObjectRef input, RestorationOptions options) {
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
        byte[] image;
        try {
            image = store.read(source, config.maxUploadSize().asLongValue()).orElseThrow(() -> ApiProblem.badRequest(
                    "input-not-found", "there is no object '" + source.key() + "' in bucket '" + source.bucket() + "'"));
        } catch (ObjectTooLargeException e) {
            throw ApiProblem.tooLarge(e.getMessage());
        }
        return submit(task, image, probe(image), options);
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
