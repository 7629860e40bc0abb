package dev.revive.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.tensorflow.TensorFlow;

/**
 * Readiness of the engine: a worker whose TensorFlow native library cannot load would fail every job, so it
 * should take none. The library is loaded once, on the first probe; later probes report that outcome.
 */
@Readiness
@ApplicationScoped
public class TensorFlowHealthCheck implements HealthCheck {
    /** The check's name in {@code /q/health}. */
    public static final String NAME = "tensorflow";

    private volatile HealthCheckResponse outcome;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse known = outcome;
        if (known == null) {
            known = load();
            outcome = known;
        }
        return known;
    }

    private static HealthCheckResponse load() {
        var response = HealthCheckResponse.named(NAME);
        try {
            return response.up().withData("loaded", true).withData("version", TensorFlow.version()).build();
        } catch (RuntimeException | LinkageError e) {
            return response.down().withData("loaded", false)
                    .withData("reason", "the TensorFlow runtime did not load: " + e).build();
        }
    }
}
