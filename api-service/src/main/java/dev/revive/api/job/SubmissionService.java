package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.messaging.PublishFailedException;
import dev.revive.api.messaging.RequestPublisher;
import dev.revive.api.security.Caller;
import dev.revive.logging.JobLogContext;
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
import dev.revive.model.Lane;
import dev.revive.model.Method;
import dev.revive.model.Task;
import dev.revive.model.UnsupportedImageException;
import dev.revive.model.Violation;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns an accepted image into a queued job: everything is checked before anything is stored, and nothing
 * stays stored if the request cannot be queued.
 */
@ApplicationScoped
@Startup
public class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final ObjectStore store;
    private final RequestPublisher publisher;
    private final IdempotentSubmissions idempotent;
    private final ReadableBuckets readable;
    private final Models models;
    private final OwnedObjects owned;
    private final ActiveJobQuota quota;
    private final Caller caller;
    private final ApiConfig config;
    private final String replyPrefix;
    private final Clock clock = Clock.systemUTC();
    /** Stands for an uploaded companion image when checking which images a task needs. */
    private static final ObjectRef UPLOADED = new ObjectRef(null, "upload");

    public SubmissionService(ObjectStore store, RequestPublisher publisher, IdempotentSubmissions idempotent,
            ReadableBuckets readable, Models models, OwnedObjects owned, ActiveJobQuota quota, Caller caller,
            ApiConfig config) {
        this.quota = quota;
        this.readable = readable;
        this.models = models;
        this.owned = owned;
        this.caller = caller;
        this.store = store;
        this.publisher = publisher;
        this.idempotent = idempotent;
        this.config = config;
        // Created at start-up, so a reply prefix that could reach anything stops the api there, not at a submission.
        this.replyPrefix = RequestValidator.requireReplyPrefix(config.replyTopicPrefix());
    }

    /** @param idempotencyKey the client's key for safe retries, or null */
    /** @param model the trained denoiser of the method 'model', else null */
    public JobRecord submitUpload(Task task, Method method, String model, SubmittedImages images,
            RestorationOptions options, String idempotencyKey) {
        return submitUpload(task, method, model, images, options, Correlation.NONE, idempotencyKey);
    }

    /** An upload whose client also follows it by its correlation id, reply topic or webhook. */
    public JobRecord submitUpload(Task task, Method method, String model, SubmittedImages images,
            RestorationOptions options, Correlation correlation, String idempotencyKey) {
        requireValid(task, method, model, images.mask() != null ? UPLOADED : null,
                images.guide() != null ? UPLOADED : null, options, correlation);
        Probed probed = probe(task, images, options);
        String identity = "sha256:" + Hashes.sha256(images.input())
                + (images.mask() == null ? "" : " mask:" + Hashes.sha256(images.mask()))
                + (images.guide() == null ? "" : " guide:" + Hashes.sha256(images.guide()));
        return once(idempotencyKey, fingerprint(task, method, model, options, correlation, identity),
                () -> submit(task, method, model, images, probed, options, correlation, Lane.INTERACTIVE));
    }

    /** Inputs already in the store are copied under the job, so the job never changes if the source does. */
    public JobRecord submitReference(Task task, Method method, String model, ObjectRef input, ObjectRef mask,
            ObjectRef guide, RestorationOptions options, String idempotencyKey) {
        return submitReference(task, method, model, input, mask, guide, options, Correlation.NONE, idempotencyKey,
                Lane.INTERACTIVE);
    }

    /**
     * A reference whose client may also follow it by its correlation id, reply topic or webhook.
     *
     * @param lane the queue it goes on; workers take bulk work only when no interactive job waits
     */
    public JobRecord submitReference(Task task, Method method, String model, ObjectRef input, ObjectRef mask,
            ObjectRef guide, RestorationOptions options, Correlation correlation, String idempotencyKey,
            Lane lane) {
        List<Violation> inputViolations = RequestValidator.validateInput(input);
        if (!inputViolations.isEmpty()) {
            throw ApiProblem.invalid(inputViolations);
        }
        requireValid(task, method, model, mask, guide, options, correlation);
        ObjectRef source = readableSource(input);
        ObjectRef maskSource = mask == null ? null : readableSource(mask);
        ObjectRef guideSource = guide == null ? null : readableSource(guide);
        String identity = "s3:" + name(source) + (maskSource == null ? "" : " mask:" + name(maskSource))
                + (guideSource == null ? "" : " guide:" + name(guideSource));
        return once(idempotencyKey, fingerprint(task, method, model, options, correlation, identity), () -> {
            SubmittedImages images = new SubmittedImages(read(source), maskSource == null ? null : read(maskSource),
                    guideSource == null ? null : read(guideSource));
            return submit(task, method, model, images, probe(task, images, options), options, correlation,
                    lane);
        });
    }

    private ObjectRef readableSource(ObjectRef ref) {
        ObjectRef source = ref.withBucketIfMissing(store.bucket());
        readable.require(source.bucket());
        if (!owned.mayRead(source.bucket(), source.key())) {
            throw inputNotFound(source);
        }
        return source;
    }

    private static String name(ObjectRef ref) {
        return ref.bucket() + "/" + ref.key();
    }

    private byte[] read(ObjectRef source) {
        try {
            return store.read(source, config.maxUploadSize().asLongValue()).orElseThrow(() -> inputNotFound(source));
        } catch (ObjectTooLargeException e) {
            throw ApiProblem.tooLarge(e.getMessage());
        }
    }

    /** Also the answer for another key's object, which must not be told from a missing one. */
    private static ApiProblem inputNotFound(ObjectRef source) {
        return ApiProblem.badRequest("input-not-found", "there is no object '" + source.key() + "' in bucket '"
                + source.bucket() + "'");
    }

    public void requireAllowedSize(long bytes) {
        if (bytes > config.maxUploadSize().asLongValue()) {
            throw ApiProblem.tooLarge("the image has " + bytes + " bytes; the limit is "
                    + config.maxUploadSize().asLongValue());
        }
    }

    private JobRecord submit(Task task, Method method, String model, SubmittedImages images, Probed probed,
            RestorationOptions options, Correlation correlation, Lane lane) {
        String jobId = JobIds.newId();
        try (JobLogContext logged = JobLogContext.of(jobId)) {
            return submit(jobId, task, method, model, images, probed, options, correlation, lane);
        }
    }

    private JobRecord submit(String jobId, Task task, Method method, String model, SubmittedImages images,
            Probed probed, RestorationOptions options, Correlation correlation, Lane lane) {
        Optional<String> owner = caller.keyName();
        owner.ifPresent(quota::requireRoom);
        JobKeys keys = JobKeys.of(jobId);
        List<String> written = new ArrayList<>();
        ObjectRef input = put(keys.input(), images.input(), probed.input(), written);
        ObjectRef mask = images.mask() == null ? null : put(keys.mask(), images.mask(), probed.mask(), written);
        ObjectRef guide = images.guide() == null ? null : put(keys.guide(), images.guide(), probed.guide(), written);
        RestorationRequest request = RestorationRequest.of(jobId, task, method, input, mask, guide, options,
                clock.instant()).withModel(model).withOwner(owner.orElse(null))
                .withReply(correlation.id(), correlation.replyTo()).withWebhook(correlation.webhook()).resolved();
        JobRecord queued = JobRecord.queued(request);
        store.writeRecord(queued);
        written.add(keys.record());
        owner.ifPresent(name -> written.add(quota.admit(name, jobId)));
        try {
            publisher.publish(request, lane);
        } catch (PublishFailedException e) {
            written.forEach(store::remove);
            throw e;
        }
        LOG.infof("job %s queued: %s %dx%d %s", jobId, task.wireName(), probed.input().width(),
                probed.input().height(), probed.input().format().mediaType());
        return queued;
    }

    private ObjectRef put(String key, byte[] bytes, ImageInfo info, List<String> written) {
        ObjectRef ref = store.put(key, bytes, info.format().mediaType());
        written.add(key);
        return ref;
    }

    private JobRecord once(String idempotencyKey, String fingerprint, Supplier<JobRecord> submit) {
        return idempotencyKey == null ? submit.get()
                : idempotent.once(caller.keyName().orElse(null), idempotencyKey, fingerprint, submit);
    }

    /**
     * What makes two submissions the same request: task, method, model, options, correlation and the image's
     * identity. Without a correlation the fingerprint is what it was before correlations existed.
     */
    private static String fingerprint(Task task, Method method, String model, RestorationOptions options,
            Correlation correlation, String image) {
        return Hashes.sha256((task.wireName() + "\n" + method.wireName() + (model == null ? "" : " " + model) + "\n"
                + Json.write(options) + "\n" + image + (correlation.isNone() ? "" : "\n" + Json.write(correlation)))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The probed headers of a submission's images; what the api can check without decoding pixels. */
    private record Probed(ImageInfo input, ImageInfo mask, ImageInfo guide) {
    }

    /**
     * Checks every image's size, format and dimensions against the others and the limits. The pixel limit is on
     * the result, which super-resolution makes larger than its input.
     */
    private Probed probe(Task task, SubmittedImages images, RestorationOptions options) {
        ImageInfo input = probe("image", images.input());
        int scale = options.resolve(task, null).outputScale();
        long resultPixels = input.pixels() * scale * scale;
        if (resultPixels > config.maxPixels()) {
            throw ApiProblem.tooLarge("the image is " + input.width() + "x" + input.height()
                    + (scale > 1 ? ", so the x" + scale + " result would have " : " = ") + resultPixels
                    + " pixels; the limit is " + config.maxPixels());
        }
        ImageInfo mask = images.mask() == null ? null : sameSize("mask", probe("mask", images.mask()), input);
        ImageInfo guide = images.guide() == null ? null : sameSize("guide", probe("guide", images.guide()), input);
        return new Probed(input, mask, guide);
    }

    private ImageInfo probe(String part, byte[] image) {
        requireAllowedSize(image.length);
        try {
            return ImageProbe.probe(image);
        } catch (UnsupportedImageException e) {
            throw ApiProblem.badRequest("unsupported-image", "the " + part + " is not a usable image: "
                    + e.getMessage());
        }
    }

    private static ImageInfo sameSize(String part, ImageInfo companion, ImageInfo input) {
        if (companion.width() != input.width() || companion.height() != input.height()) {
            throw ApiProblem.unprocessable(part + "-size-mismatch", "the " + part + " is " + companion.width() + "x"
                    + companion.height() + " but the image is " + input.width() + "x" + input.height()
                    + "; they must be the same size");
        }
        return companion;
    }

    /**
     * The request's own rules, then that the model it names (the method 'model') or its detector (an old photo's
     * {@code options.detector}) exists, finished training and is of the right kind.
     */
    private void requireValid(Task task, Method method, String model, ObjectRef mask, ObjectRef guide,
            RestorationOptions options, Correlation correlation) {
        List<Violation> violations = new ArrayList<>(RequestValidator.validateCompanions(task, mask, guide));
        violations.addAll(RequestValidator.validateWebhook(correlation.webhook()));
        violations.addAll(RequestValidator.validateMethod(task, method, options));
        violations.addAll(RequestValidator.validateOptions(task, options));
        violations.addAll(RequestValidator.validateModel(method, model));
        violations.addAll(RequestValidator.validateReply(correlation.id(), correlation.replyTo(), replyPrefix));
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
        if (model != null) {
            models.requireRestorer(model, task);
        }
        if (options != null && options.detector() != null) {
            models.requireDetector(options.detector());
        }
    }
}
