package dev.revive.worker.job;

/** A job interrupted because this worker is shutting down; its request must go back to the topic unacknowledged. */
public class WorkerStoppingException extends RuntimeException {
    public WorkerStoppingException(String jobId) {
        super("job " + jobId + " handed back: the worker is stopping");
    }
}
