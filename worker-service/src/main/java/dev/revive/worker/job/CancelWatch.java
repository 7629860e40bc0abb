package dev.revive.worker.job;

import dev.revive.model.JobKeys;
import dev.revive.storage.ObjectStore;
import java.time.Duration;

/**
 * Notices a job's cancellation marker. The engine asks at every iteration; the store is asked at most once
 * per interval, and once seen the answer stays yes.
 */
final class CancelWatch {
    private final ObjectStore store;
    private final String marker;
    private final long intervalNanos;
    private long lastCheck;
    private boolean requested;

    CancelWatch(ObjectStore store, JobKeys keys, Duration interval) {
        this.store = store;
        this.marker = keys.cancellation();
        this.intervalNanos = interval.toNanos();
        this.lastCheck = System.nanoTime() - intervalNanos;
    }

    boolean requested() {
        long now = System.nanoTime();
        if (!requested && now - lastCheck >= intervalNanos) {
            lastCheck = now;
            requested = store.exists(marker);
        }
        return requested;
    }
}
