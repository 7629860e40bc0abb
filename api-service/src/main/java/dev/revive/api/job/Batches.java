package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.messaging.BatchPublisher;
import dev.revive.api.messaging.PublishFailedException;
import dev.revive.api.security.Caller;
import dev.revive.model.BatchItem;
import dev.revive.model.BatchKeys;
import dev.revive.model.BatchRecord;
import dev.revive.model.BatchRequest;
import dev.revive.model.BatchSource;
import dev.revive.model.DestinationLayout;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Task;
import dev.revive.model.Violation;
import dev.revive.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Archive batches as the api sees them: checked and recorded, then handed to the batch topic to be expanded
 * ({@link BatchExpander}); their progress read from their jobs' records; cancelled as a whole.
 */
@ApplicationScoped
public class Batches {
    private static final Logger LOG = Logger.getLogger(Batches.class);
    /**
     * Finished jobs' records seen, by id: a finished record never changes, so a batch's status reads from the store
     * only the jobs still queued or running. Bounded; the least recently read go first.
     */
    private static final int FINISHED_REMEMBERED = 20_000;

    private final ObjectStore store;
    private final BatchPublisher publisher;
    private final ReadableBuckets readable;
    private final Models models;
    private final Caller caller;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, JobRecord> finished = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobRecord> eldest) {
            return size() > FINISHED_REMEMBERED;
        }
    };

    public Batches(ObjectStore store, BatchPublisher publisher, ReadableBuckets readable, Models models,
            Caller caller) {
        this.store = store;
        this.publisher = publisher;
        this.readable = readable;
        this.models = models;
        this.caller = caller;
    }

    /**
     * Checks the batch, records it and queues it for expansion. Nothing is listed here beyond one key, so a prefix of
     * thousands of objects costs the request nothing.
     */
    public BatchRecord create(BatchSource source, Task task, Method method, String model, RestorationOptions options,
            String destination) {
        List<Violation> violations = new ArrayList<>(RequestValidator.validateBatch(source, destination));
        violations.addAll(RequestValidator.validateCompanions(task, null, null));
        violations.addAll(RequestValidator.validateMethod(task, method, options));
        violations.addAll(RequestValidator.validateOptions(task, options));
        violations.addAll(RequestValidator.validateModel(method, model));
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
        if (model != null) {
            models.requireRestorer(model, task);
        }
        BatchSource located = source.withBucketIfMissing(store.bucket());
        readable.require(located.bucket());
        if (located.prefix() != null && store.list(located.bucket(), located.prefix(), null, 1).isEmpty()) {
            throw ApiProblem.unprocessable("no-images", "there is nothing under '" + located.prefix()
                    + "' in bucket '" + located.bucket() + "'");
        }
        String batchId = JobIds.newId();
        BatchRecord batch = BatchRecord.expanding(batchId, caller.keyName().orElse(null), located, task, method, model,
                options, DestinationLayout.orDefault(destination).template(), clock.instant());
        store.writeBatch(batch);
        try {
            publisher.publish(BatchRequest.of(batchId));
        } catch (PublishFailedException e) {
            store.remove(BatchKeys.of(batchId).record());
            throw e;
        }
        LOG.infof("batch %s queued: %s of %s/%s", batchId, task.wireName(), located.bucket(),
                located.prefix() != null ? located.prefix() : located.keys().size() + " keys");
        return batch;
    }

    /**
     * @throws ApiProblem 404 for an id that is not a batch id, has no record, or is another key's batch: the same
     *                    answer, so ids of others' batches cannot be told from made-up ones
     */
    public BatchRecord find(String id) {
        if (!JobIds.isValid(id)) {
            throw notFound(id);
        }
        BatchRecord batch = store.readBatch(id).orElseThrow(() -> notFound(id));
        if (!caller.mayAccess(batch.owner())) {
            throw notFound(id);
        }
        return batch;
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("there is no batch '" + id + "'");
    }

    /** The batch's items so far, each with its job's record, and the counts. */
    public BatchProgress progress(BatchRecord batch) {
        List<BatchItemState> states = new ArrayList<>();
        for (BatchItem item : items(batch)) {
            states.add(new BatchItemState(item, job(item.jobId())));
        }
        return BatchProgress.of(batch, store.exists(BatchKeys.of(batch.batchId()).cancellation()), states);
    }

    private List<BatchItem> items(BatchRecord batch) {
        BatchKeys keys = BatchKeys.of(batch.batchId());
        List<BatchItem> items = new ArrayList<>(batch.items());
        for (int page = 0; page < batch.pages(); page++) {
            store.readOwn(keys.items(page)).map(bytes -> Json.read(bytes, BatchItem[].class))
                    .ifPresent(read -> items.addAll(Arrays.asList(read)));
        }
        return items;
    }

    private JobRecord job(String jobId) {
        synchronized (finished) {
            JobRecord known = finished.get(jobId);
            if (known != null) {
                return known;
            }
        }
        JobRecord record = store.readRecord(jobId).orElse(null);
        if (record != null && record.status().isTerminal()) {
            synchronized (finished) {
                finished.put(jobId, record);
            }
        }
        return record;
    }

    /**
     * Cancels the batch: its expansion stops at the next page, and every job of it not yet finished is asked to
     * stop (queued ones never run). Jobs the batch skipped, having found them finished, are left alone. Asking twice
     * is harmless.
     */
    public BatchProgress cancel(String id) {
        BatchRecord batch = find(id);
        BatchKeys keys = BatchKeys.of(id);
        if (!store.exists(keys.cancellation())) {
            store.put(keys.cancellation(), new byte[0], "text/plain");
        }
        BatchRecord current = store.readBatch(id).orElse(batch);
        BatchProgress progress = progress(current);
        for (BatchItemState state : progress.items()) {
            if (!state.item().skipped() && state.job() != null && !state.job().status().isTerminal()) {
                store.put(JobKeys.of(state.item().jobId()).cancellation(), new byte[0], "text/plain");
            }
        }
        LOG.infof("batch %s cancelled with %d jobs unfinished", id, progress.remaining());
        return progress;
    }
}
