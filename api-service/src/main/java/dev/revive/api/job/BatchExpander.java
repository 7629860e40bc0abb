package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.config.BatchConfig;
import dev.revive.api.messaging.RequestPublisher;
import dev.revive.logging.JobLogContext;
import dev.revive.model.BatchItem;
import dev.revive.model.BatchKeys;
import dev.revive.model.BatchRecord;
import dev.revive.model.BatchSource;
import dev.revive.model.BatchStatus;
import dev.revive.model.DestinationLayout;
import dev.revive.model.ErrorCode;
import dev.revive.model.Hashes;
import dev.revive.model.JobError;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Limits;
import dev.revive.model.ObjectRef;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Violation;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns a batch's source into jobs on the bulk lane, a page at a time. After each page the items are saved and the
 * cursor in the batch record moves on, so an expansion stopped by a restart goes on from there and redoes at most one
 * page, whose items find the jobs they made. A job's id is derived from the owner, the object and its ETag, and what
 * is asked of it: run again over unchanged objects, a batch finds its earlier results and skips them.
 */
@ApplicationScoped
public class BatchExpander {
    private static final Logger LOG = Logger.getLogger(BatchExpander.class);

    private final ObjectStore store;
    private final RequestPublisher publisher;
    private final BatchConfig batches;
    private final ApiConfig config;
    private final Clock clock = Clock.systemUTC();

    public BatchExpander(ObjectStore store, RequestPublisher publisher, BatchConfig batches, ApiConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.batches = batches;
        this.config = config;
    }

    /** Expands the batch to its end, or until it is cancelled; nothing for a batch already expanded or unknown. */
    public void expand(String batchId) {
        BatchKeys keys = BatchKeys.of(batchId);
        Optional<BatchRecord> found = read(batchId);
        if (found.isEmpty() || found.get().status() != BatchStatus.EXPANDING) {
            LOG.infof("batch %s: nothing to expand (%s)", batchId,
                    found.map(b -> b.status().wireName()).orElse("no record"));
            return;
        }
        BatchRecord batch = found.get();
        DestinationLayout layout = DestinationLayout.orDefault(batch.destination());
        String spec = spec(batch);
        while (true) {
            if (store.exists(keys.cancellation())) {
                write(batch.cancelled(clock.instant()));
                LOG.infof("batch %s cancelled after %d items", batchId, batch.items());
                return;
            }
            Page page = batch.source().prefix() != null ? listed(batch) : named(batch);
            List<BatchItem> items = new ArrayList<>();
            List<RestorationRequest> queued = new ArrayList<>();
            for (Candidate candidate : page.candidates()) {
                items.add(submit(batch, candidate, layout, spec, queued));
            }
            publisher.publishBulk(queued);
            if (!items.isEmpty()) {
                store.put(keys.items(batch.pages()), Json.writeBytes(items), "application/json");
            }
            batch = batch.pageWritten(items.size(), page.last());
            if (page.exhausted() || page.truncated()) {
                batch = batch.expanded(page.truncated(), clock.instant());
            }
            write(batch);
            if (store.exists(keys.cancellation())) {
                cancelJobs(items);
            }
            if (batch.status() != BatchStatus.EXPANDING) {
                LOG.infof("batch %s expanded: %d items%s", batchId, batch.items(),
                        batch.truncated() ? " (truncated at " + Limits.MAX_BATCH_KEYS + ")" : "");
                return;
            }
        }
    }

    /** What makes two batch items the same job besides the object: the task, method, options and destination. */
    static String spec(BatchRecord batch) {
        return Hashes.sha256((batch.task().wireName() + "\n" + batch.method().wireName() + "\n"
                + (batch.model() == null ? "" : batch.model()) + "\n" + Json.write(batch.options()) + "\n"
                + DestinationLayout.orDefault(batch.destination()).template()).getBytes(StandardCharsets.UTF_8));
    }

    /** An object to restore: listed (with its ETag) or named, and then maybe missing ({@code object} null). */
    private record Candidate(String key, StoredObject object) {
    }

    /**
     * @param last      the last source key looked at, the next page's cursor
     * @param exhausted nothing is left after this page
     * @param truncated objects are left, but the batch is full
     */
    private record Page(List<Candidate> candidates, String last, boolean exhausted, boolean truncated) {
    }

    /** The next images under the prefix after the cursor, up to a page, and no more than a batch may hold. */
    private Page listed(BatchRecord batch) {
        BatchSource source = batch.source();
        int room = Limits.MAX_BATCH_KEYS - batch.items();
        List<StoredObject> objects = store.list(source.bucket(), source.prefix(), batch.cursor(), batches.pageSize());
        boolean exhausted = objects.size() < batches.pageSize();
        List<Candidate> candidates = new ArrayList<>();
        String last = batch.cursor();
        for (StoredObject object : objects) {
            if (isImage(object.key())) {
                if (candidates.size() == room) {
                    return new Page(candidates, last, false, true);
                }
                candidates.add(new Candidate(object.key(), object));
            }
            last = object.key();
        }
        return new Page(candidates, last, exhausted, false);
    }

    /** The next listed keys after those expanded, each looked up for its ETag. */
    private Page named(BatchRecord batch) {
        BatchSource source = batch.source();
        List<String> keys = source.keys();
        int end = Math.min(keys.size(), batch.items() + batches.pageSize());
        List<Candidate> candidates = new ArrayList<>();
        for (String key : keys.subList(batch.items(), end)) {
            candidates.add(new Candidate(key, store.stat(new ObjectRef(source.bucket(), key)).orElse(null)));
        }
        return new Page(candidates, end == 0 ? null : keys.get(end - 1), end == keys.size(), false);
    }

    private boolean isImage(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return !key.endsWith("/") && batches.suffixes().stream().anyMatch(s -> lower.endsWith(s.toLowerCase(Locale.ROOT)));
    }

    /**
     * Records one object's job as queued and adds its request to {@code queued}, unless it already succeeded
     * (skipped) or is running. An object that is missing, too large, or whose result key would break the rules gets
     * a failed job at once, so the manifest says why. The page's requests are published together, before the page
     * and the cursor are saved, so a stop in between redoes the page.
     */
    private BatchItem submit(BatchRecord batch, Candidate candidate, DestinationLayout layout, String spec,
            List<RestorationRequest> queued) {
        BatchSource source = batch.source();
        StoredObject object = candidate.object();
        String eTag = object == null ? "" : object.eTag();
        String jobId = JobIds.derived(batch.owner(), source.bucket(), candidate.key(), eTag, spec);
        String output = layout.render(candidate.key(), batch.batchId());
        BatchItem item = new BatchItem(candidate.key(), eTag, object == null ? 0 : object.size(), jobId, output,
                false);
        try (JobLogContext logged = JobLogContext.of(jobId)) {
            Optional<JobStatus> existing = store.readRecord(jobId).map(JobRecord::status);
            if (existing.filter(s -> s == JobStatus.SUCCEEDED).isPresent()) {
                return new BatchItem(item.key(), eTag, item.size(), jobId, output, true);
            }
            if (existing.filter(s -> s == JobStatus.RUNNING).isPresent()) {
                return item;
            }
            RestorationRequest request = RestorationRequest.of(jobId, batch.task(), batch.method(),
                    new ObjectRef(source.bucket(), candidate.key()), null, null, batch.options(), clock.instant())
                    .withModel(batch.model()).withOwner(batch.owner())
                    .inBatch(batch.batchId(), new ObjectRef(store.bucket(), output)).resolved();
            JobRecord record = JobRecord.queued(request);
            if (object == null) {
                return failed(item, record, ErrorCode.INPUT_NOT_FOUND, "there is no object '" + candidate.key()
                        + "' in bucket '" + source.bucket() + "'");
            }
            if (object.size() > config.maxUploadSize().asLongValue()) {
                return failed(item, record, ErrorCode.IMAGE_TOO_LARGE, "the object has " + object.size()
                        + " bytes; the limit is " + config.maxUploadSize().asLongValue());
            }
            List<Violation> violations = RequestValidator.validate(request);
            if (!violations.isEmpty()) {
                return failed(item, record, ErrorCode.INVALID_REQUEST, violations.stream().map(Violation::toString)
                        .collect(Collectors.joining("; ")));
            }
            if (existing.isPresent()) {
                store.remove(JobKeys.of(jobId).cancellation());
            }
            store.writeRecord(record);
            queued.add(request);
            return item;
        }
    }

    private BatchItem failed(BatchItem item, JobRecord queued, ErrorCode code, String reason) {
        store.writeRecord(queued.failed(JobError.of(code, reason), clock.instant()));
        return item;
    }

    /** Cancels the unfinished jobs of items queued while the batch was being cancelled. */
    private void cancelJobs(List<BatchItem> items) {
        for (BatchItem item : items) {
            if (!item.skipped()) {
                store.put(JobKeys.of(item.jobId()).cancellation(), new byte[0], "text/plain");
            }
        }
    }

    private Optional<BatchRecord> read(String batchId) {
        return store.readBatch(batchId);
    }

    private void write(BatchRecord batch) {
        store.writeBatch(batch);
    }
}
