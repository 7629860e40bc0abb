package dev.revive.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.FreePorts;
import dev.revive.local.infra.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's readiness check against a real broker that is stopped and started again. */
class KafkaHealthCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.start(dir, 0);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void upWithTheBrokerDownWhenItIsStoppedAndUpAgainAfterItsRestart() {
        KafkaHealthCheck check = check(kafka.bootstrapServers());
        HealthCheckResponse up = check.call();
        assertEquals(KafkaHealthCheck.NAME, up.getName());
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus(), String.valueOf(up.getData()));
        assertEquals(1L, up.getData().orElseThrow().get("brokers"));

        kafka.kill();
        try {
            HealthCheckResponse down = check.call();
            assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
            assertTrue(String.valueOf(down.getData().orElseThrow().get("reason")).contains("did not answer"),
                    String.valueOf(down.getData()));
        } finally {
            kafka.restart();
        }
        HealthCheckResponse again = awaitUp(check);
        assertEquals(HealthCheckResponse.Status.UP, again.getStatus(), String.valueOf(again.getData()));
    }

    @Test
    void downWithAReasonWhenNothingListens() {
        HealthCheckResponse response = check("127.0.0.1:" + FreePorts.pick()).call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals("127.0.0.1", String.valueOf(response.getData().orElseThrow().get("bootstrap")).split(":")[0]);
    }

    /** The restarted broker takes a moment to elect itself; the same check object must see it come back. */
    private static HealthCheckResponse awaitUp(KafkaHealthCheck check) {
        HealthCheckResponse last = check.call();
        for (int i = 0; i < 30 && last.getStatus() != HealthCheckResponse.Status.UP; i++) {
            last = check.call();
        }
        return last;
    }

    private static KafkaHealthCheck check(String bootstrap) {
        Admin admin = KafkaHealthCheck.admin(Map.of("bootstrap.servers", bootstrap), TIMEOUT);
        return new KafkaHealthCheck(admin, bootstrap, TIMEOUT);
    }
}
