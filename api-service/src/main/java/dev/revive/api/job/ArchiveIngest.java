package dev.revive.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.revive.api.config.IngestConfig;
import dev.revive.model.Hashes;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.Lane;
import dev.revive.model.ObjectRef;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationOptions;
import dev.revive.model.StorageNotification;
import dev.revive.model.Task;
import dev.revive.model.Violation;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a photo that lands in the store into a restoration, as if its owner had referenced it over the API, with
 * the same checks. The object and its ETag make the idempotency key, so a notification delivered twice, or a
 * replayed topic, restores each upload once; the same key uploaded again (a new ETag) is restored again. Uploads
 * go on the bulk lane: an archive being filled must not hold up the people waiting for a photo.
 */
@ApplicationScoped
@Startup
public class ArchiveIngest {
    private final SubmissionService submissions;
    private final IngestConfig config;
    private final Task task;
    private final Method method;
    private final RestorationOptions options;

    public ArchiveIngest(SubmissionService submissions, IngestConfig config) {
        this.submissions = submissions;
        this.config = config;
        this.task = Task.fromWireName(config.task());
        this.method = config.method().map(Method::fromWireName).orElse(Method.DEEP_IMAGE_PRIOR);
        this.options = config.options().map(ArchiveIngest::parse).orElse(RestorationOptions.NONE);
        requireIngestible(task, method, options);
    }

    /**
     * Checks the configured restoration at start-up with the request rules, so a task that needs a second image
     * or options out of bounds stop the api with a clear message instead of refusing every upload later.
     */
    static void requireIngestible(Task task, Method method, RestorationOptions options) {
        List<Violation> violations = new ArrayList<>(RequestValidator.validateCompanions(task, null, null));
        violations.addAll(RequestValidator.validateMethod(task, method, options));
        violations.addAll(RequestValidator.validateOptions(task, options));
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("revive.api.ingest cannot restore uploads that way: " + violations);
        }
    }

    /** Whether this event is a new photo under the ingest prefix. */
    public boolean wants(StorageNotification.Entry entry) {
        if (!entry.objectCreated()) {
            return false;
        }
        String key = entry.key();
        String lower = key.toLowerCase(Locale.ROOT);
        return key.startsWith(config.prefix()) && config.suffixes().stream()
                .anyMatch(suffix -> lower.endsWith(suffix.toLowerCase(Locale.ROOT)));
    }

    /** Submits the photo; the job its first delivery created if this upload was seen before. */
    public JobRecord ingest(StorageNotification.Entry entry) {
        String upload = entry.bucket() + "/" + entry.key() + "@" + entry.eTag();
        String idempotencyKey = "ingest:" + Hashes.sha256(upload.getBytes(StandardCharsets.UTF_8));
        return submissions.submitReference(task, method, null, new ObjectRef(entry.bucket(), entry.key()), null, null,
                options, Correlation.NONE, idempotencyKey, Lane.BULK);
    }

    private static RestorationOptions parse(String json) {
        try {
            return Json.mapper().readValue(json, RestorationOptions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("revive.api.ingest.options must be a JSON object of options: "
                    + e.getOriginalMessage(), e);
        }
    }
}
