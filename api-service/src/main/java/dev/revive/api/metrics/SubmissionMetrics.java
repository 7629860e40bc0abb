package dev.revive.api.metrics;

import dev.revive.model.Method;
import dev.revive.model.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every meter the api publishes on {@code /q/metrics}, named and tagged here and nowhere else (README,
 * "Observability"). Tags take only known values, never what a client typed, so a hostile client cannot
 * create series.
 */
@ApplicationScoped
public class SubmissionMetrics {
    public static final String SUBMISSIONS = "revive.api.submissions";
    public static final String UPLOADED = "revive.api.uploaded";
    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";
    /** The problem tag of an accepted submission. */
    public static final String NO_PROBLEM = "none";
    /** The task or method tag when the request did not name a known one. */
    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Counter uploaded;

    public SubmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.uploaded = Counter.builder(UPLOADED).baseUnit("bytes")
                .description("Bytes of image parts (image, mask, guide) received in uploads")
                .register(registry);
    }

    public void accepted(Task task, Method method) {
        submissions(task.wireName(), method.wireName(), ACCEPTED, NO_PROBLEM);
    }

    /**
     * @param task the task as the client named it, or null
     * @param method the method as the client named it, or null for the default
     * @param problem the code of the problem-details answer
     */
    public void refused(String task, String method, String problem) {
        submissions(taskTag(task), methodTag(method), REFUSED, problem);
    }

    public void uploaded(long bytes) {
        uploaded.increment(bytes);
    }

    private void submissions(String task, String method, String outcome, String problem) {
        Counter.builder(SUBMISSIONS)
                .description("Restoration requests submitted over HTTP, by outcome")
                .tag("task", task)
                .tag("method", method)
                .tag("outcome", outcome)
                .tag("problem", problem)
                .register(registry)
                .increment();
    }

    private static String taskTag(String name) {
        try {
            return name == null ? UNKNOWN : Task.fromWireName(name).wireName();
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    private static String methodTag(String name) {
        try {
            return name == null || name.isBlank() ? Method.DEEP_IMAGE_PRIOR.wireName()
                    : Method.fromWireName(name).wireName();
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
