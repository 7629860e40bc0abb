package dev.revive.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of either service against the broker itself: the messaging connector's own check stays UP while
 * the broker is gone (its clients just keep retrying), so a dead broker would not take an instance out of
 * rotation. One {@code describeCluster} per probe, on a client of its own with a short timeout, so a dead
 * broker fails the probe instead of hanging it.
 */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
    /** The check's name in {@code /q/health}. */
    public static final String NAME = "kafka";

    private final Admin admin;
    private final String bootstrap;
    private final Duration timeout;

    @Inject
    public KafkaHealthCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "revive.kafka.health-timeout", defaultValue = "2s") Duration timeout) {
        this(admin(kafka, timeout), String.valueOf(kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)), timeout);
    }

    public KafkaHealthCheck(Admin admin, String bootstrap, Duration timeout) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    /**
     * An admin client with the services' own {@code kafka.*} settings (TLS, SASL alike) whose calls give up
     * within {@code timeout}.
     */
    public static Admin admin(Map<String, Object> kafka, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        int millis = (int) Math.max(1, timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "revive-health");
        return Admin.create(config);
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME).withData("bootstrap", bootstrap);
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) timeout.toMillis())).nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return nodes.isEmpty() ? response.down().withData("reason", "the cluster has no broker").build()
                    : response.up().withData("brokers", nodes.size()).build();
        } catch (ExecutionException e) {
            return response.down().withData("reason", "the broker did not answer: " + e.getCause().getMessage())
                    .build();
        } catch (TimeoutException e) {
            return response.down().withData("reason", "the broker did not answer within " + timeout).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("reason", "interrupted").build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ZERO);
    }
}
