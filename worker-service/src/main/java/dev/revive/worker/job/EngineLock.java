package dev.revive.worker.job;

import dev.revive.model.Lane;
import dev.revive.worker.engine.dip.CancellationSignal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One engine job at a time on a worker, whichever topic it came from: a restoration and a training each size their
 * memory and threads for the whole machine. The waiting consumer's partitions stay paused, as during a long job.
 * When the engine frees up, an interactive job waiting for it goes first: a bulk job starts only when no
 * interactive one waits, so an archive backlog delays a person's job by at most the one bulk job running.
 */
@ApplicationScoped
public class EngineLock {
    private static final long CHECK_MILLIS = 500;

    private final ReentrantLock guard = new ReentrantLock();
    private final Condition changed = guard.newCondition();
    private boolean busy;
    private int interactiveWaiting;

    /** Runs an interactive {@code job} holding the engine; see {@link #exclusively(String, Lane, CancellationSignal, Supplier)}. */
    public <T> T exclusively(String jobId, CancellationSignal stop, Supplier<T> job) {
        return exclusively(jobId, Lane.INTERACTIVE, stop, job);
    }

    /**
     * Runs {@code job} holding the engine, once it is free and, for a bulk job, no interactive job waits.
     *
     * @throws WorkerStoppingException when {@code stop} fires while waiting; the job is handed back, not started
     */
    public <T> T exclusively(String jobId, Lane lane, CancellationSignal stop, Supplier<T> job) {
        acquire(jobId, lane, stop);
        try {
            return job.get();
        } finally {
            release();
        }
    }

    private void acquire(String jobId, Lane lane, CancellationSignal stop) {
        boolean interactive = lane == Lane.INTERACTIVE;
        guard.lock();
        try {
            if (interactive) {
                interactiveWaiting++;
            }
            try {
                while (busy || !interactive && interactiveWaiting > 0) {
                    if (stop.cancelled()) {
                        throw new WorkerStoppingException(jobId);
                    }
                    changed.await(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                }
                busy = true;
            } finally {
                if (interactive) {
                    interactiveWaiting--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStoppingException(jobId);
        } finally {
            guard.unlock();
        }
    }

    private void release() {
        guard.lock();
        try {
            busy = false;
            changed.signalAll();
        } finally {
            guard.unlock();
        }
    }
}
