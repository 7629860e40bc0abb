package dev.revive.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.FreePorts;
import dev.revive.local.infra.LocalS3;
import dev.revive.storage.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's readiness check against a real S3 server, and against a port where nothing listens. */
class ObjectStoreHealthCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    @TempDir
    static Path dir;
    static LocalS3 s3;

    @BeforeAll
    static void start() {
        s3 = LocalS3.start(dir);
        ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1", "revive-health")
                .createBucketIfMissing();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void upWhenTheBucketAnswers() {
        HealthCheckResponse response = check(s3.endpoint(), "revive-health").call();
        assertEquals(ObjectStoreHealthCheck.NAME, response.getName());
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("revive-health", response.getData().orElseThrow().get("bucket"));
    }

    @Test
    void downWhenTheBucketIsMissing() {
        HealthCheckResponse response = check(s3.endpoint(), "no-such-bucket").call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals("the bucket does not exist", response.getData().orElseThrow().get("reason"));
    }

    @Test
    void downQuicklyWithAReasonWhenTheStoreIsUnreachable() {
        String closed = "http://127.0.0.1:" + FreePorts.pick();
        long start = System.nanoTime();
        HealthCheckResponse response = check(closed, "revive-health").call();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String reason = String.valueOf(response.getData().orElseThrow().get("reason"));
        assertTrue(reason.contains("not reachable"), reason);
        assertTrue(took.compareTo(TIMEOUT.multipliedBy(2)) < 0, "the check took " + took);
    }

    private static ObjectStoreHealthCheck check(String endpoint, String bucket) {
        return new ObjectStoreHealthCheck(ObjectStore.connect(endpoint, s3.accessKey(), s3.secretKey(), "us-east-1",
                bucket, TIMEOUT), endpoint);
    }
}
