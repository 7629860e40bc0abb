package dev.revive.worker.job;

import dev.revive.worker.engine.dip.CancellationSignal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One engine job at a time on a worker, whichever topic it came from: a restoration and a training each size their
 * memory and threads for the whole machine. The waiting consumer's partitions stay paused, as during a long job.
 */
@ApplicationScoped
public class EngineLock {
    private final ReentrantLock lock = new ReentrantLock(true);

    /**
     * Runs {@code job} holding the lock.
     *
     * @throws WorkerStoppingException when {@code stop} fires while waiting; the job is handed back, not started
     */
    public <T> T exclusively(String jobId, CancellationSignal stop, Supplier<T> job) {
        try {
            while (!lock.tryLock(500, TimeUnit.MILLISECONDS)) {
                if (stop.cancelled()) {
                    throw new WorkerStoppingException(jobId);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStoppingException(jobId);
        }
        try {
            return job.get();
        } finally {
            lock.unlock();
        }
    }
}
