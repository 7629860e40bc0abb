package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static dev.revive.worker.messaging.PipelineTestSupport.sleep;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ErrorCode;
import dev.revive.model.ImageFormat;
import dev.revive.model.JobEvent;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.StopReason;
import dev.revive.model.Task;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.DecodedImage;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.job.FakeEngineProfile;
import dev.revive.worker.job.FakeRestorer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker's pipeline on a real broker and store, with a fake engine: requests in, records, events and
 * results out, and poison that goes to the dead-letter topic without stopping the consumer.
 */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1"))
class RequestPipelineTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String WORKER_GROUP = ConfigProvider.getConfig()
            .getValue("mp.messaging.incoming.requests.group.id", String.class);
    static KafkaProducer<String, String> producer;

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

    static void send(String key, String value) {
        PipelineTestSupport.send(producer, Topics.REQUESTS, key, value);
    }

    static RestorationOptions options(Integer iterations, Long seed, Double learningRate, Double inputNoise,
            Double averaging, Integer progressEvery) {
        return new RestorationOptions(iterations, seed, learningRate, inputNoise, averaging, progressEvery, null,
                null, null, null, null);
    }

    String submit(byte[] image, RestorationOptions options) {
        return PipelineTestSupport.submit(producer, store, image, options);
    }

    JobRecord awaitFinal(String id) {
        return PipelineTestSupport.awaitFinal(store, id, PATIENCE);
    }

    static List<JobEvent> events(String id) {
        return TopicReader.readAll(LocalInfraTestResource.kafka().bootstrapServers(), Topics.EVENTS).stream()
                .filter(r -> id.equals(r.key())).map(r -> Json.read(r.value(), JobEvent.class)).toList();
    }

    @Test
    void aRequestFromAPlainProducerIsRestoredWithRecordEventsAndResult() throws Exception {
        byte[] input = png(24, 16);
        String id = submit(input, options(20, 1001L, null, null, null, 5));
        JobRecord done = awaitFinal(id);

        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals(1, done.attempts());
        assertEquals(JobKeys.of(id).result(ImageFormat.PNG), done.result().object().key());
        byte[] result = store.read(done.result().object(), Long.MAX_VALUE).orElseThrow();
        assertEquals(done.result().size(), result.length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(result)),
                done.result().sha256());
        DecodedImage restored = ImageCodec.decode(result, Long.MAX_VALUE);
        DecodedImage original = ImageCodec.decode(input, Long.MAX_VALUE);
        assertEquals(24, restored.color().width());
        assertEquals(1f - original.color().pixels()[5], restored.color().pixels()[5], 1f / 255);

        List<JobEvent> events = events(id);
        List<JobStatus> statuses = events.stream().map(JobEvent::status).toList();
        assertEquals(JobStatus.RUNNING, statuses.get(0));
        assertEquals(JobStatus.SUCCEEDED, statuses.get(statuses.size() - 1));
        assertEquals(1, statuses.stream().filter(JobStatus::isTerminal).count(), "one final event");
        List<Integer> iterations = events.stream().filter(e -> e.status() == JobStatus.RUNNING)
                .map(e -> e.progress().iteration()).toList();
        assertEquals(List.of(0, 5, 10, 15, 20), iterations);
        assertEquals(done.result(), events.get(events.size() - 1).result());
    }

    /** The members of the workers' consumer group; a member evicted for not polling rejoins under a new id. */
    static Set<String> workerGroupMembers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfraTestResource.kafka().bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WORKER_GROUP)).all().get()
                    .get(WORKER_GROUP);
            return group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
        }
    }

    @Test
    void aWorkerRunsOneJobAtATime() {
        List<String> ids = List.of(
                submit(png(8, 8), options(60, null, null, null, null, null)),
                submit(png(8, 8), options(60, null, null, null, null, null)),
                submit(png(8, 8), options(60, null, null, null, null, null)));
        List<JobRecord> done = ids.stream().map(this::awaitFinal)
                .sorted(Comparator.comparing(JobRecord::startedAt)).toList();
        for (int i = 1; i < done.size(); i++) {
            assertTrue(!done.get(i).startedAt().isBefore(done.get(i - 1).finishedAt()),
                    "one accelerator, one job: " + done.get(i - 1).finishedAt() + " vs " + done.get(i).startedAt());
        }
    }

    @Test
    void aJobOutlastingTheMaxPollIntervalRunsOnceAndTheWorkerStaysHealthy() throws Exception {
        String warmUp = submit(png(8, 8), options(1, null, null, null, null, null));
        awaitFinal(warmUp);
        Set<String> members = workerGroupMembers();
        assertEquals(1, members.size(), "one worker in the group: " + members);

        int iterations = (int) (2.5 * FakeEngineProfile.MAX_POLL_INTERVAL_MS / FakeRestorer.MILLIS_PER_ITERATION);
        long seed = 2002L;
        String id = submit(png(8, 8), options(iterations, seed, null, null, null, 100));
        sleep(FakeEngineProfile.MAX_POLL_INTERVAL_MS * 3 / 2);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(1, done.attempts(), "no rebalance redelivered the job");
        assertEquals(1, FakeRestorer.RUNS.get(seed).get());
        assertEquals(members, workerGroupMembers(), "the worker was never evicted from its group");
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheConsumerMovesOn() {
        String invalidId = JobIds.newId();
        String invalid = Json.write(RestorationRequest.of(invalidId, Task.DENOISE, new ObjectRef(null, "a.png"),
                options(0, null, null, null, null, null), Instant.now()));
        String[] poison = {"{not json", "", "[]", "{\"schemaVersion\":99,\"jobId\":\"x\"}",
            "{\"schemaVersion\":1,\"jobId\":\"" + JobIds.newId() + "\",\"task\":\"paint\"}", invalid};
        for (String value : poison) {
            send("poison", value);
        }
        String good = submit(png(8, 8), options(3, null, null, null, null, null));
        assertEquals(JobStatus.SUCCEEDED, awaitFinal(good).status(), "the consumer moved past the poison");

        List<ConsumerRecord<String, String>> dead = TopicReader.readAll(
                LocalInfraTestResource.kafka().bootstrapServers(), Topics.REQUESTS_DEAD_LETTER);
        for (String value : poison) {
            ConsumerRecord<String, String> record = dead.stream().filter(r -> value.equals(r.value())).findFirst()
                    .orElseThrow(() -> new AssertionError("not dead-lettered: " + value));
            Header reason = record.headers().lastHeader("dead-letter-reason");
            assertNotNull(reason, "the reason travels with the dead letter");
            assertTrue(new String(reason.value(), StandardCharsets.UTF_8).length() > 0);
        }
        JobRecord rejected = awaitFinal(invalidId);
        assertEquals(JobStatus.FAILED, rejected.status());
        assertEquals(ErrorCode.INVALID_REQUEST, rejected.error().code());
        assertTrue(rejected.error().message().contains("options.iterations"), rejected.error().message());
    }

    /** Puts the images of a request for {@code task} in the store and sends it as an outside producer would. */
    String submitTask(Task task, byte[] image, byte[] mask, byte[] guide, RestorationOptions options) {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id, image, "application/octet-stream");
        ObjectRef maskRef = mask == null ? null : store.put("incoming/" + id + "-mask", mask, "image/png");
        ObjectRef guideRef = guide == null ? null : store.put("incoming/" + id + "-guide", guide, "image/png");
        send(id, Json.write(RestorationRequest.of(id, task, input, maskRef, guideRef, options, Instant.now())));
        return id;
    }

    /** A gray mask of the given size: known (white) everywhere but a square hole at the top left. */
    static byte[] mask(int width, int height, int hole) {
        float[] known = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                known[y * width + x] = x < hole && y < hole ? 0f : 1f;
            }
        }
        return png(new Image(width, height, 1, known));
    }

    @Test
    void everyTaskReachesTheEngineWithItsImagesAndKeepsTheInputsFormat() {
        RestorationOptions few = options(10, null, null, null, null, 5);
        String inpaint = submitTask(Task.INPAINT, png(24, 16), mask(24, 16, 4), null, few);
        String larger = submitTask(Task.SUPER_RESOLVE, png(12, 8), null, null, few.withScale(2));
        String guided = submitTask(Task.FLASH_GUIDED, png(16, 16), null, png(16, 16), few);
        String jpeg = submitTask(Task.DEJPEG, TestImages.encode("jpeg", 16, 16), null, null, few);

        JobRecord inpainted = awaitFinal(inpaint);
        assertEquals(JobStatus.SUCCEEDED, inpainted.status(), String.valueOf(inpainted.error()));
        assertEquals(24, inpainted.result().width());
        JobRecord enlarged = awaitFinal(larger);
        assertEquals(JobStatus.SUCCEEDED, enlarged.status(), String.valueOf(enlarged.error()));
        assertEquals(List.of(24, 16), List.of(enlarged.result().width(), enlarged.result().height()));
        DecodedImage big = ImageCodec.decode(store.read(enlarged.result().object(), Long.MAX_VALUE).orElseThrow());
        assertEquals(24, big.color().width(), "the stored result is the enlarged photo");
        assertEquals(StopReason.ITERATIONS, enlarged.result().stoppedBy());
        assertEquals(10, enlarged.result().iterations());
        assertEquals(JobStatus.SUCCEEDED, awaitFinal(guided).status());
        JobRecord dejpeg = awaitFinal(jpeg);
        assertEquals(JobStatus.SUCCEEDED, dejpeg.status(), String.valueOf(dejpeg.error()));
        assertEquals("image/jpeg", dejpeg.result().contentType());
        assertEquals(JobKeys.of(jpeg).result(ImageFormat.JPEG), dejpeg.result().object().key());
        assertEquals(ImageFormat.JPEG, ImageCodec.decode(store.read(dejpeg.result().object(), Long.MAX_VALUE)
                .orElseThrow()).format());
    }

    @Test
    void companionImagesThatDoNotFitFailWithAClearReason() {
        RestorationOptions few = options(5, null, null, null, null, null);
        String wrongSize = submitTask(Task.INPAINT, png(24, 16), mask(16, 16, 4), null, few);
        String noHoles = submitTask(Task.INPAINT, png(8, 8), mask(8, 8, 0), null, few);
        String missingMask = JobIds.newId();
        send(missingMask, Json.write(RestorationRequest.of(missingMask, Task.INPAINT,
                store.put("incoming/" + missingMask, png(8, 8), "image/png"), new ObjectRef(null, "no/mask.png"),
                null, few, Instant.now())));
        String noMaskAtAll = JobIds.newId();
        send(noMaskAtAll, Json.write(RestorationRequest.of(noMaskAtAll, Task.INPAINT,
                store.put("incoming/" + noMaskAtAll, png(8, 8), "image/png"), few, Instant.now())));
        String wrongGuide = submitTask(Task.FLASH_GUIDED, png(16, 16), null, png(8, 16), few);

        JobRecord a = awaitFinal(wrongSize);
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, a.error().code());
        assertTrue(a.error().message().contains("16x16") && a.error().message().contains("24x16"),
                a.error().message());
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, awaitFinal(noHoles).error().code());
        JobRecord c = awaitFinal(missingMask);
        assertEquals(ErrorCode.INPUT_NOT_FOUND, c.error().code());
        assertTrue(c.error().message().contains("(the mask)"), c.error().message());
        JobRecord d = awaitFinal(noMaskAtAll);
        assertEquals(ErrorCode.INVALID_REQUEST, d.error().code());
        assertTrue(d.error().message().contains("mask"), d.error().message());
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, awaitFinal(wrongGuide).error().code());
    }

    @Test
    void previewsAndTheEtaAreAnnouncedWhileTheJobRuns() {
        String id = submit(png(40, 30), new RestorationOptions(40, null, null, null, null, 10, null, null, null,
                null, 10));
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        ObjectRef preview = new ObjectRef(store.bucket(), JobKeys.of(id).preview());
        DecodedImage shown = ImageCodec.decode(store.read(preview, Long.MAX_VALUE).orElseThrow());
        assertEquals(40, shown.color().width(), "small photos are previewed whole");
        List<JobEvent> running = events(id).stream().filter(e -> e.status() == JobStatus.RUNNING)
                .filter(e -> e.progress().iteration() > 10).toList();
        assertFalse(running.isEmpty());
        for (JobEvent event : running) {
            assertEquals(preview, event.progress().preview(), "events after the first preview point to it");
            assertNotNull(event.progress().etaSeconds());
        }
        assertEquals(0.0, done.progress().etaSeconds());
    }

    @Test
    void theTimeCapEndsAJobWithItsCurrentEstimate() {
        int iterations = 2000;
        String id = submit(png(8, 8), new RestorationOptions(iterations, null, null, null, null, 50, null, null,
                null, 1, null));
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals(StopReason.TIME_LIMIT, done.result().stoppedBy());
        assertTrue(done.result().iterations() < iterations, "stopped at " + done.result().iterations());
        assertEquals(done.result().iterations(), done.progress().iteration());
    }

    @Test
    void inputsThatCannotBeRestoredFailWithAClearReason() {
        String missing = JobIds.newId();
        send(missing, Json.write(RestorationRequest.of(missing, Task.DENOISE, new ObjectRef(null, "nowhere.png"),
                null, Instant.now())));
        String garbage = submit("not an image at all".getBytes(StandardCharsets.UTF_8), null);

        JobRecord a = awaitFinal(missing);
        assertEquals(ErrorCode.INPUT_NOT_FOUND, a.error().code());
        JobRecord b = awaitFinal(garbage);
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, b.error().code());
        assertEquals(JobStatus.FAILED, events(garbage).get(events(garbage).size() - 1).status());
    }

    @Test
    void aPhotoTooSmallForItsMethodIsAnUnsupportedImageNotAnEngineFailure() {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", png(4, 4), "image/png");
        send(id, Json.write(RestorationRequest.of(id, Task.DENOISE, Method.NOISE2VOID, input, null, null, null,
                Instant.now())));
        JobRecord done = awaitFinal(id);
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, done.error().code(), done.error().message());
        assertEquals(1, done.attempts(), "refused once, not retried");
    }

    @Test
    void aRedeliveredFinishedJobIsNotRedone() {
        long seed = 3003L;
        byte[] image = png(8, 8);
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", image, "image/png");
        String request = Json.write(RestorationRequest.of(id, Task.DENOISE, input,
                options(2, seed, null, null, null, null), Instant.now()));
        send(id, request);
        JobRecord first = awaitFinal(id);
        send(id, request);
        String marker = submit(png(8, 8), options(1, null, null, null, null, null));
        awaitFinal(marker);
        assertEquals(1, FakeRestorer.RUNS.getOrDefault(seed, new AtomicInteger()).get());
        assertEquals(first, store.readRecord(id).orElseThrow());
        List<JobEvent> finals = PipelineTestSupport.await(
                () -> events(id).stream().filter(e -> e.status().isTerminal()).toList(), f -> f.size() >= 2,
                PATIENCE, "the final event announced again");
        assertEquals(2, finals.size());
        assertEquals(finals.get(0), finals.get(1), "announced again as the very same event, so consumers drop it");
    }

    @Test
    void aRunningJobStopsSoonAfterItIsCancelled() {
        int iterations = 3000;
        String id = submit(png(8, 8), options(iterations, 4004L, null, null, null, 50));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (store.readRecord(id).map(r -> r.status() != JobStatus.RUNNING).orElse(true)) {
            assertTrue(System.nanoTime() < deadline, "job never started");
            sleep(100);
        }
        long askedAt = System.nanoTime();
        store.put(JobKeys.of(id).cancellation(), new byte[0], "text/plain");
        JobRecord done = awaitFinal(id);
        double seconds = (System.nanoTime() - askedAt) / 1e9;

        assertEquals(JobStatus.CANCELLED, done.status());
        assertEquals(ErrorCode.CANCELLED, done.error().code());
        assertTrue(done.progress().iteration() < iterations, "stopped early: " + done.progress());
        assertTrue(seconds < iterations * FakeRestorer.MILLIS_PER_ITERATION / 1000.0 / 2,
                "stopped within a few checks, took " + seconds + " s");
        List<JobEvent> events = events(id);
        assertEquals(JobStatus.CANCELLED, events.get(events.size() - 1).status());
        assertEquals(null, done.result());
    }

    @Test
    void aJobCancelledWhileQueuedNeverRuns() {
        long seed = 5005L;
        String id = JobIds.newId();
        store.put(JobKeys.of(id).cancellation(), new byte[0], "text/plain");
        ObjectRef input = store.put("incoming/" + id + ".png", png(8, 8), "image/png");
        send(id, Json.write(RestorationRequest.of(id, Task.DENOISE, input,
                options(5, seed, null, null, null, null), Instant.now())));
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.CANCELLED, done.status());
        assertEquals(0, done.attempts());
        assertEquals(null, FakeRestorer.RUNS.get(seed));
    }

    @Test
    void anEngineFailureIsRetriedAndOneThatPersistsFailsOnceWithItsCode() {
        long flaky = 6006L;
        long broken = 7007L;
        FakeRestorer.FAILURES.put(flaky, new AtomicInteger(1));
        FakeRestorer.FAILURES.put(broken, new AtomicInteger(Integer.MAX_VALUE));
        String recovers = submit(png(8, 8), options(5, flaky, null, null, null, null));
        String fails = submit(png(8, 8), options(5, broken, null, null, null, null));

        JobRecord recovered = awaitFinal(recovers);
        assertEquals(JobStatus.SUCCEEDED, recovered.status());
        assertEquals(2, recovered.attempts());
        JobRecord failed = awaitFinal(fails);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(ErrorCode.ENGINE_FAILURE, failed.error().code());
        assertEquals(FakeEngineProfile.MAX_ATTEMPTS, failed.attempts());
        assertEquals(FakeEngineProfile.MAX_ATTEMPTS, FakeRestorer.RUNS.get(broken).get());
        assertEquals(List.of(JobStatus.FAILED),
                events(fails).stream().map(JobEvent::status).filter(JobStatus::isTerminal).toList());
    }

    @Test
    void aJobOutlivesAStoreOutageWithoutAPartialResult() {
        long seed = 8008L;
        String id = submit(png(8, 8), options(400, seed, null, null, null, 20));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (store.readRecord(id).map(r -> r.status() != JobStatus.RUNNING).orElse(true)) {
            assertTrue(System.nanoTime() < deadline, "job never started");
            sleep(100);
        }
        LocalInfraTestResource.s3().stop();
        try {
            sleep(1500);
        } finally {
            LocalInfraTestResource.s3().restart();
        }
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertTrue(done.attempts() >= 2, "retried after the outage: " + done.attempts());
        assertEquals(List.of(JobStatus.SUCCEEDED),
                events(id).stream().map(JobEvent::status).filter(JobStatus::isTerminal).toList());
    }
}
