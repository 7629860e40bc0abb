package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Caps the jobs one API key has queued or running, so one tenant's archive cannot fill every worker's queue. The
 * count lives in the store (a marker per unfinished job), so every api replica sees the same; markers of jobs that
 * have finished are swept as they are counted. Two replicas admitting the same key's jobs at the same instant can
 * each let one through past the cap.
 */
@ApplicationScoped
public class ActiveJobQuota {
    private final ObjectStore store;
    private final ApiConfig config;

    public ActiveJobQuota(ObjectStore store, ApiConfig config) {
        this.store = store;
        this.config = config;
    }

    /** @throws ApiProblem 429 quota-exceeded when the owner already has its limit of unfinished jobs */
    public void requireRoom(String owner) {
        int limit = config.maxActiveJobsPerKey();
        int active = 0;
        for (String marker : store.keys(store.bucket(), JobKeys.activePrefix(owner), limit + 1_000)) {
            String jobId = marker.substring(marker.lastIndexOf('/') + 1);
            boolean unfinished = store.readRecord(jobId).map(JobRecord::status).map(s -> !s.isTerminal())
                    .orElse(false);
            if (unfinished) {
                active++;
            } else {
                store.remove(marker);
            }
        }
        if (active >= limit) {
            throw ApiProblem.tooMany("quota-exceeded", "the key '" + owner + "' has " + active
                    + " restorations queued or running, its limit; submit more once some have finished");
        }
    }

    /** Counts the job against its owner until it finishes; returns the marker's key. */
    public String admit(String owner, String jobId) {
        String marker = JobKeys.of(jobId).activeMarker(owner);
        store.put(marker, new byte[0], "text/plain");
        return marker;
    }
}
