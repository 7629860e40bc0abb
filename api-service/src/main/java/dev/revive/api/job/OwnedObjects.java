package dev.revive.api.job;

import dev.revive.api.security.Caller;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.ModelKeys;
import dev.revive.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Keeps each key's jobs and models to itself when a request names objects in Revive's own bucket: a reference to
 * another key's result, or a training prefix over every job's uploads, would read around the ownership checks.
 */
@ApplicationScoped
public class OwnedObjects {
    private final ObjectStore store;
    private final Caller caller;

    public OwnedObjects(ObjectStore store, Caller caller) {
        this.store = store;
        this.caller = caller;
    }

    /**
     * Whether the caller may read this object, or the objects under this prefix: anywhere outside the job and
     * model folders; inside, only within one job's or model's folder that the caller may see.
     */
    public boolean mayRead(String bucket, String keyOrPrefix) {
        if (caller.keyName().isEmpty() || !store.bucket().equals(bucket)) {
            return true;
        }
        Optional<String> job = JobKeys.owningFolder(keyOrPrefix);
        if (job.isPresent()) {
            return JobIds.isValid(job.get())
                    && store.readRecord(job.get()).map(r -> caller.mayAccess(r.owner())).orElse(false);
        }
        Optional<String> model = ModelKeys.owningFolder(keyOrPrefix);
        if (model.isPresent()) {
            return JobIds.isValid(model.get())
                    && store.readModel(model.get()).map(m -> caller.mayAccess(m.owner())).orElse(false);
        }
        return true;
    }
}
