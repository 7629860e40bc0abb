package dev.revive.worker.job;

import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import java.time.Duration;

/** Waits between tries of a job: doubling from the first wait up to the maximum, and cut short by a stop. */
final class Backoff {
    private final WorkerConfig.Retry retry;

    Backoff(WorkerConfig.Retry retry) {
        this.retry = retry;
    }

    /** The wait before try {@code attempt} (2 or later). */
    Duration before(int attempt) {
        Duration wait = retry.backoff().multipliedBy(1L << Math.min(attempt - 2, 20));
        return wait.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wait;
    }

    /** Sleeps for {@code wait}; false if the worker began stopping meanwhile, so the job is handed back at once. */
    boolean pause(Duration wait, CancellationSignal stop) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (stop.cancelled()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
