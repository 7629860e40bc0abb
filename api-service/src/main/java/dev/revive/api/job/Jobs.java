package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.security.Caller;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.storage.ObjectStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Predicate;

/** Jobs as the api sees them: looked up from their records, and cancelled by leaving a marker for the worker. */
@ApplicationScoped
public class Jobs {
    private final ObjectStore store;
    private final ApiConfig config;
    private final Caller caller;

    public Jobs(ObjectStore store, ApiConfig config, Caller caller) {
        this.store = store;
        this.config = config;
        this.caller = caller;
    }

    /**
     * @throws ApiProblem 404 for an id that is not a job id, has no record, or is another key's job: the same
     *                    answer, so ids of others' jobs cannot be told from made-up ones
     */
    public JobRecord find(String id) {
        JobRecord job = read(id);
        if (!caller.mayAccess(job.owner())) {
            throw notFound(id);
        }
        return job;
    }

    private JobRecord read(String id) {
        if (!JobIds.isValid(id)) {
            throw notFound(id);
        }
        return store.readRecord(id).orElseThrow(() -> notFound(id));
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("there is no job '" + id + "'");
    }

    /**
     * The job's record each time it changes, until and including its final state. Read from the store like every
     * status answer, so any api replica can serve any watcher; the worker writes the record every couple of
     * seconds while it runs, which is the pace of the stream. Call {@link #find} first: the stream reads outside
     * the request, where the caller is no longer known.
     */
    public Multi<JobRecord> watch(String id) {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.watchInterval())
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> read(id))
                .select().first(new UntilFinal())
                .skip().repetitions();
    }

    /** Lets records through up to and including the first final one. */
    private static final class UntilFinal implements Predicate<JobRecord> {
        private boolean finished;

        @Override
        public boolean test(JobRecord record) {
            if (finished) {
                return false;
            }
            finished = record.status().isTerminal();
            return true;
        }
    }

    /** Whether cancellation was asked for a job that has not finished yet. */
    public boolean cancelRequested(JobRecord job) {
        return !job.status().isTerminal() && store.exists(JobKeys.of(job.jobId()).cancellation());
    }

    /**
     * Asks for a job to stop. The worker running it stops within a few seconds and records it cancelled; a
     * queued job is recorded cancelled when it reaches a worker, without running. Asking twice is harmless.
     *
     * @throws ApiProblem 409 when the job already succeeded or failed
     */
    public JobRecord cancel(String id) {
        JobRecord job = find(id);
        if (job.status() == JobStatus.CANCELLED) {
            return job;
        }
        if (job.status().isTerminal()) {
            throw ApiProblem.conflict("already-finished", "job " + id + " already " + job.status().wireName());
        }
        store.put(JobKeys.of(id).cancellation(), new byte[0], "text/plain");
        return job;
    }
}
