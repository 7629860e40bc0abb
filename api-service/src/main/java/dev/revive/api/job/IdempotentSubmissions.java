package dev.revive.api.job;

import dev.revive.api.endpoint.ApiProblem;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Makes a retried submission return the job the first attempt created, when the client sends an
 * {@code Idempotency-Key}. The key's job is remembered in the store, so a retry reaching another replica or a
 * restarted api is recognised too. Submissions with one key are serialised within a replica; two replicas
 * racing on the same key at the same instant can still both create a job.
 */
@ApplicationScoped
public class IdempotentSubmissions {
    /** Printable ASCII, as the Idempotency-Key header draft allows, and short enough to log. */
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final int STRIPES = 64;

    private final ObjectStore store;
    private final Object[] locks = new Object[STRIPES];

    public IdempotentSubmissions(ObjectStore store) {
        this.store = store;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Runs {@code submit} unless {@code clientKey} already created a job, which is then returned.
     *
     * @param owner       the caller's API key name, or null: each key has its own idempotency keys, so two
     *                    clients choosing the same one neither share nor block each other's jobs
     * @param fingerprint identifies what was submitted; the same key with another fingerprint is refused (422)
     */
    public JobRecord once(String owner, String clientKey, String fingerprint, Supplier<JobRecord> submit) {
        if (!VALID_KEY.matcher(clientKey).matches()) {
            throw ApiProblem.badRequest("bad-idempotency-key",
                    "an Idempotency-Key is 1 to 255 printable ASCII characters");
        }
        String key = JobKeys.idempotency(owner == null ? clientKey : owner + "\n" + clientKey);
        synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
            Remembered earlier = store.readOwn(key)
                    .map(bytes -> Json.read(bytes, Remembered.class)).orElse(null);
            if (earlier != null) {
                if (!earlier.fingerprint().equals(fingerprint)) {
                    throw ApiProblem.unprocessable("idempotency-key-reused",
                            "this Idempotency-Key was used for a different request (job " + earlier.jobId() + ")");
                }
                return store.readRecord(earlier.jobId()).orElseThrow(() -> ApiProblem.notFound(
                        "the job " + earlier.jobId() + " of this Idempotency-Key no longer exists"));
            }
            JobRecord job = submit.get();
            store.put(key, Json.writeBytes(new Remembered(job.jobId(), fingerprint)), "application/json");
            return job;
        }
    }

    /** What a key created, and from what. */
    record Remembered(String jobId, String fingerprint) {
    }
}
