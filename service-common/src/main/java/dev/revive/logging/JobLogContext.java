package dev.revive.logging;

import org.jboss.logging.MDC;

/**
 * Puts a job's id on every log line the current thread writes until closed: a field of its own in the JSON
 * logs, so an operator can pull one job's lines out of a busy worker's or api's output.
 */
public final class JobLogContext implements AutoCloseable {
    /** The log field (MDC key) that carries the job id, in both services. */
    public static final String JOB_ID = "jobId";

    private final Object previous;

    private JobLogContext(String jobId) {
        this.previous = MDC.get(JOB_ID);
        MDC.put(JOB_ID, jobId);
    }

    /** @param jobId a valid job id: it is a client's value, so only one that passed validation goes in */
    public static JobLogContext of(String jobId) {
        return new JobLogContext(jobId);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(JOB_ID);
        } else {
            MDC.put(JOB_ID, previous);
        }
    }
}
