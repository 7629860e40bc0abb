package dev.revive.health;

import dev.revive.storage.ObjectStore;
import dev.revive.storage.StorageConfig;
import dev.revive.storage.StorageUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of either service: neither can do its work without the store, so an instance whose store is
 * unreachable or whose bucket is missing is taken out of rotation. It asks with its own client and a short
 * timeout ({@code revive.storage.health-timeout}), so a dead store fails the probe instead of hanging it.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {
    /** The check's name in {@code /q/health}. */
    public static final String NAME = "object-store";

    private final ObjectStore probe;
    private final String endpoint;

    @Inject
    public ObjectStoreHealthCheck(StorageConfig config) {
        this(ObjectStore.connect(config.endpoint(), config.accessKey(), config.secretKey(), config.region(),
                config.bucket(), config.healthTimeout()), config.endpoint());
    }

    public ObjectStoreHealthCheck(ObjectStore probe, String endpoint) {
        this.probe = probe;
        this.endpoint = endpoint;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME)
                .withData("endpoint", endpoint)
                .withData("bucket", probe.bucket());
        try {
            return probe.bucketExists() ? response.up().build()
                    : response.down().withData("reason", "the bucket does not exist").build();
        } catch (StorageUnavailableException e) {
            return response.down().withData("reason", e.getMessage()).build();
        }
    }
}
