package dev.revive.worker.metrics;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static dev.revive.worker.messaging.PipelineTestSupport.sleep;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.health.KafkaHealthCheck;
import dev.revive.health.ObjectStoreHealthCheck;
import dev.revive.local.infra.PrometheusText;
import dev.revive.local.infra.TopicReader;
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
import dev.revive.worker.health.TensorFlowHealthCheck;
import dev.revive.worker.job.FakeEngineProfile;
import dev.revive.worker.messaging.PipelineTestSupport;
import dev.revive.worker.webhook.WebhookReceiver;
import dev.revive.worker.webhook.WebhookSender;
import dev.revive.worker.webhook.WebhookSignature;
import dev.revive.model.JobEvent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

    private static KafkaProducer<String, String> producer;

    @Inject
    ObjectStore store;

    @BeforeAll
    static void connect() {
        producer = PipelineTestSupport.producer();
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void readinessListsTheStoreTheEngineAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(ObjectStoreHealthCheck.NAME, KafkaHealthCheck.NAME, TensorFlowHealthCheck.NAME))
                .body("checks.find { it.name == '" + ObjectStoreHealthCheck.NAME + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + KafkaHealthCheck.NAME + "' }.status", equalTo("UP"))
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
        String id = PipelineTestSupport.submit(producer, store, input, options(30));
        JobRecord done = PipelineTestSupport.awaitFinal(store, id, PATIENCE);
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
        ObjectRef missing = new ObjectRef(store.bucket(), "incoming/" + id + "-missing.png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, id, Json.write(RestorationRequest.of(id, Task.DENOISE,
                missing, options(10), Instant.now())));
        JobRecord done = PipelineTestSupport.awaitFinal(store, id, PATIENCE);
        assertEquals(JobStatus.FAILED, done.status());
        String after = awaitMetric(WorkerMetrics.JOBS_FINISHED, inputNotFound, before);
        assertEquals(1, delta(before, after, "revive_worker_jobs_finished_total", inputNotFound));
        assertEquals(0, delta(before, after, "revive_worker_iterations_total", DENOISE), "nothing ran");
    }

    @Test
    void aFinishedJobIsPostedSignedToItsWebhookAfterARetry() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver(() -> calls.incrementAndGet() == 1 ? 503 : 200)) {
            String before = metrics();
            String id = JobIds.newId();
            ObjectRef input = store.put("incoming/" + id + ".png", png(16, 12), "image/png");
            PipelineTestSupport.send(producer, Topics.REQUESTS, id, Json.write(RestorationRequest.of(id, Task.DENOISE,
                    input, options(10), Instant.now()).withWebhook(receiver.url("/revive/done"))));
            JobRecord done = PipelineTestSupport.awaitFinal(store, id, PATIENCE);
            assertEquals(JobStatus.SUCCEEDED, done.status());
            String after = awaitMetric(WorkerMetrics.WEBHOOKS, Map.of("outcome", "delivered"), before);
            assertEquals(1, delta(before, after, "revive_worker_webhooks_total", Map.of("outcome", "delivered")));

            var posts = receiver.received();
            assertEquals(2, posts.size(), "one 503, then the delivery");
            var delivered = posts.get(1);
            JobEvent event = Json.read(delivered.body(), JobEvent.class);
            assertEquals(id, event.jobId());
            assertEquals(JobStatus.SUCCEEDED, event.status());
            assertEquals(done.result().sha256(), event.result().sha256());
            assertEquals(event.eventId(), delivered.header(WebhookSender.EVENT_ID_HEADER));
            JobEvent published = TopicReader.readAll(LocalInfraTestResource.kafka().bootstrapServers(), Topics.EVENTS)
                    .stream().map(r -> Json.read(r.value(), JobEvent.class))
                    .filter(e -> e.jobId().equals(id) && e.status() == JobStatus.SUCCEEDED).findFirst().orElseThrow();
            assertEquals(published, event, "the webhook gets the very event the topic has");
            String[] signature = delivered.header(WebhookSignature.HEADER).split(",");
            String t = signature[0].substring(2);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    FakeEngineProfile.WEBHOOK_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            assertEquals("v1=" + java.util.HexFormat.of().formatHex(
                    mac.doFinal((t + "." + delivered.body()).getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    signature[1]);
        }
    }

    @Test
    void aRequestWithAHostileWebhookIsDeadLetteredAndTheJobFailsAsInvalid() {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", png(8, 8), "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, id, Json.write(RestorationRequest.of(id, Task.DENOISE,
                input, options(10), Instant.now()).withWebhook("https://user:pw@hooks.example.com/")));
        JobRecord done = PipelineTestSupport.awaitFinal(store, id, PATIENCE);
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals("invalid-request", done.error().code().wireName());
        assertTrue(done.error().message().contains("webhook"), done.error().message());
    }

    @Test
    void theQueueLagCountsTheRequestsThatWaitAndFallsToZeroWhenTheyAreDone() {
        Map<String, String> requests = Map.of("topic", Topics.REQUESTS);
        String sample = "revive_worker_queue_lag_records";
        awaitLag(sample, requests, lag -> lag == 0, "an idle worker's queue");
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(PipelineTestSupport.submit(producer, store, png(8, 8), options(150)));
        }
        double waiting = awaitLag(sample, requests, lag -> lag >= 2, "three 1.5 s jobs, one worker");
        assertTrue(waiting <= 3, "no more than was sent: " + waiting);
        for (String id : ids) {
            assertEquals(JobStatus.SUCCEEDED, PipelineTestSupport.awaitFinal(store, id, PATIENCE).status());
        }
        awaitLag(sample, requests, lag -> lag == 0, "every request done");
    }

    private static double awaitLag(String sample, Map<String, String> labels,
            java.util.function.DoublePredicate done, String what) {
        return PipelineTestSupport.await(() -> PrometheusText.sum(metrics(), sample, labels), done::test, PATIENCE,
                what);
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

    private static RestorationOptions options(int iterations) {
        return new RestorationOptions(iterations, 7L, null, null, null, 10, null, null, null, null, null);
    }
}
