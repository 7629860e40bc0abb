package dev.revive.worker.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.health.ObjectStoreHealthCheck;
import dev.revive.local.infra.PrometheusText;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.health.TensorFlowHealthCheck;
import dev.revive.worker.job.FakeEngineProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The worker's health and metrics on a real broker and store, with the simulated engine doing the work. */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1"))
class WorkerObservabilityTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Map<String, String> SUCCEEDED_DENOISE = Map.of("task", "denoise", "method", "dip",
            "outcome", "succeeded", "error", "none");
    private static final Map<String, String> DENOISE = Map.of("task", "denoise", "method", "dip");

    @Inject
    ObjectStore store;

    @Test
    void readinessListsTheStoreTheEngineAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(ObjectStoreHealthCheck.NAME, TensorFlowHealthCheck.NAME))
                .body("checks.find { it.name == '" + ObjectStoreHealthCheck.NAME + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + TensorFlowHealthCheck.NAME + "' }.data.loaded", equalTo(true))
                .body("checks.find { it.name == '" + TensorFlowHealthCheck.NAME + "' }.data.version",
                        equalTo(org.tensorflow.TensorFlow.version()))
                .body("checks.find { it.name.toLowerCase().contains('messaging') }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aFinishedJobIsCountedWithItsIterationsDurationAndBytes() {
        String before = metrics();
        byte[] input = png(16, 12);
        String id = submit(input, 30);
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        String after = awaitMetric(WorkerMetrics.JOBS_FINISHED, SUCCEEDED_DENOISE, before);

        assertEquals(1, delta(before, after, "revive_worker_jobs_finished_total", SUCCEEDED_DENOISE));
        assertEquals(30, delta(before, after, "revive_worker_iterations_total", DENOISE));
        assertEquals(1, delta(before, after, "revive_worker_job_duration_seconds_count", DENOISE));
        assertTrue(delta(before, after, "revive_worker_job_duration_seconds_sum", DENOISE) >= 0.3,
                "30 iterations of 10 ms");
        assertEquals(input.length, delta(before, after, "revive_worker_store_read_bytes_total",
                Map.of("object", "input")));
        assertEquals(done.result().size(), delta(before, after, "revive_worker_store_written_bytes_total",
                Map.of("object", "result")));
        assertTrue(PrometheusText.has(after, "revive_worker_jobs_in_flight"), "the in-flight gauge is published");
        assertEquals(0, PrometheusText.sum(after, "revive_worker_jobs_in_flight", Map.of()), "nothing runs now");
    }

    @Test
    void aFailedJobIsCountedWithItsErrorCode() {
        Map<String, String> inputNotFound = Map.of("task", "denoise", "method", "dip", "outcome", "failed",
                "error", "input-not-found");
        String before = metrics();
        String id = JobIds.newId();
        send(id, new ObjectRef(store.bucket(), "incoming/" + id + "-missing.png"), 10);
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.FAILED, done.status());
        String after = awaitMetric(WorkerMetrics.JOBS_FINISHED, inputNotFound, before);
        assertEquals(1, delta(before, after, "revive_worker_jobs_finished_total", inputNotFound));
        assertEquals(0, delta(before, after, "revive_worker_iterations_total", DENOISE), "nothing ran");
    }

    private static double delta(String before, String after, String sample, Map<String, String> labels) {
        return PrometheusText.sum(after, sample, labels) - PrometheusText.sum(before, sample, labels);
    }

    /** The final record is written before it is counted, so the scrape may briefly lag the record. */
    private static String awaitMetric(String meter, Map<String, String> labels, String before) {
        String sample = meter.replace('.', '_') + "_total";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String now = metrics();
        while (PrometheusText.sum(now, sample, labels) <= PrometheusText.sum(before, sample, labels)
                && System.nanoTime() < deadline) {
            sleep(100);
            now = metrics();
        }
        return now;
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private String submit(byte[] image, int iterations) {
        String id = JobIds.newId();
        send(id, store.put("incoming/" + id + ".png", image, "image/png"), iterations);
        return id;
    }

    /** A request as an outside producer would write it, for an input that may or may not exist. */
    private static void send(String id, ObjectRef input, int iterations) {
        RestorationOptions options = new RestorationOptions(iterations, 7L, null, null, null, 10, null, null, null,
                null, null);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfraTestResource.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, id,
                    Json.write(RestorationRequest.of(id, Task.DENOISE, input, options, Instant.now())))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JobRecord awaitFinal(String id) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord record = store.readRecord(id).orElse(null);
            if (record != null && record.status().isTerminal()) {
                return record;
            }
            sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish: " + store.readRecord(id));
    }

    private static byte[] png(int width, int height) {
        float[] pixels = new float[width * height * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 5) / 5f;
        }
        return ImageCodec.encodePng(new Image(width, height, 3, pixels), null, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
