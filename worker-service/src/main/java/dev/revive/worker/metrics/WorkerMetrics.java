package dev.revive.worker.metrics;

import dev.revive.model.JobRecord;
import dev.revive.model.Method;
import dev.revive.model.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every meter the worker publishes on {@code /q/metrics}, named and tagged here and nowhere else, so a
 * dashboard can rely on one list (README, "Observability").
 */
@ApplicationScoped
public class WorkerMetrics {
    public static final String JOBS_FINISHED = "revive.worker.jobs.finished";
    public static final String JOB_DURATION = "revive.worker.job.duration";
    public static final String ITERATIONS = "revive.worker.iterations";
    public static final String JOBS_IN_FLIGHT = "revive.worker.jobs.in.flight";
    public static final String STORE_READ = "revive.worker.store.read";
    public static final String STORE_WRITTEN = "revive.worker.store.written";
    public static final String WEBHOOKS = "revive.worker.webhooks";
    /** The error tag of a job that did not fail. */
    public static final String NO_ERROR = "none";
    /** The task or method tag of a request too broken to say. */
    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Gauge inFlightGauge;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inFlightGauge = Gauge.builder(JOBS_IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Jobs this worker holds: running, or waiting to retry")
                .strongReference(true)
                .register(registry);
    }

    /**
     * A gauge outlives its application in a registry that does (tests restart Quarkus in one JVM): left there, it
     * would keep answering for a counter nobody holds any more, NaN once that is collected.
     */
    @PreDestroy
    void unregister() {
        registry.remove(inFlightGauge);
    }

    /** Runs a job, counting it in flight meanwhile. */
    public <T> T inFlight(Supplier<T> job) {
        inFlight.incrementAndGet();
        try {
            return job.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Counts a job whose final record is durable, and times its last attempt when it ran at all. */
    public void finished(JobRecord record) {
        String task = task(record.task());
        String method = method(record.method());
        Counter.builder(JOBS_FINISHED)
                .description("Jobs that reached a final state on this worker")
                .tag("task", task)
                .tag("method", method)
                .tag("outcome", record.status().wireName())
                .tag("error", record.error() == null ? NO_ERROR : record.error().code().wireName())
                .register(registry)
                .increment();
        if (record.startedAt() != null && record.finishedAt() != null) {
            Timer.builder(JOB_DURATION)
                    .description("Wall time of a job's final attempt, from start to final record")
                    .tag("task", task)
                    .tag("method", method)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofHours(4))
                    .register(registry)
                    .record(Duration.between(record.startedAt(), record.finishedAt()));
        }
    }

    /** Optimisation steps (DIP) or training steps (self-supervised) done; rate() gives steps per second. */
    public Counter iterations(Task task, Method method) {
        return Counter.builder(ITERATIONS)
                .description("Optimisation or training iterations done")
                .tag("task", task(task))
                .tag("method", method(method))
                .register(registry);
    }

    /** @param object what was read: input, mask or guide */
    public void read(String object, long bytes) {
        Counter.builder(STORE_READ).baseUnit("bytes").description("Bytes of images read from the store")
                .tag("object", object).register(registry).increment(bytes);
    }

    /** @param object what was written: result or preview */
    public void written(String object, long bytes) {
        Counter.builder(STORE_WRITTEN).baseUnit("bytes").description("Bytes of images written to the store")
                .tag("object", object).register(registry).increment(bytes);
    }

    /** @param outcome how a webhook delivery ended: delivered, failed, refused or dropped */
    public void webhook(String outcome) {
        Counter.builder(WEBHOOKS).description("Webhook deliveries by how they ended")
                .tag("outcome", outcome).register(registry).increment();
    }

    private static String task(Task task) {
        return task == null ? UNKNOWN : task.wireName();
    }

    private static String method(Method method) {
        return method == null ? UNKNOWN : method.wireName();
    }
}
