package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.job.FakeEngineProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two lanes on a real broker and store, with the fake engine: a worker busy with a bulk backlog starts a later
 * interactive job next; a batch item's result goes to its output, and an output that would overwrite the input is
 * refused without touching it.
 */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.REQUESTS_BULK + ":1," + Topics.EVENTS + ":1,"
                + Topics.REQUESTS_DEAD_LETTER + ":1," + Topics.REQUESTS_BULK_DEAD_LETTER + ":1"))
class PriorityLaneTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);
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

    static RestorationOptions iterations(int n) {
        return new RestorationOptions(n, null, null, null, null, null, null, null, null, null, null);
    }

    /** A request for a new photo, produced to {@code topic} as any client would. */
    String request(String topic, int iterations, ObjectRef output) {
        String id = JobIds.newId();
        ObjectRef input = store.put("archive/" + id + ".png", png(8, 8), "image/png");
        RestorationRequest request = RestorationRequest.of(id, Task.DENOISE, input, iterations(iterations),
                Instant.now()).inBatch(output == null ? null : JobIds.newId(), output);
        PipelineTestSupport.send(producer, topic, id, Json.write(request));
        return id;
    }

    JobRecord awaitFinal(String id) {
        return PipelineTestSupport.awaitFinal(store, id, PATIENCE);
    }

    @Test
    void aWorkerBusyWithABulkBacklogStartsALaterInteractiveJobNext() {
        List<String> bulk = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bulk.add(request(Topics.REQUESTS_BULK, 200, null));
        }
        PipelineTestSupport.await(() -> store.readRecord(bulk.get(0)).orElse(null),
                r -> r.status() == JobStatus.RUNNING, PATIENCE, "the first bulk job to start");
        String interactive = request(Topics.REQUESTS, 5, null);

        JobRecord person = awaitFinal(interactive);
        List<JobRecord> backlog = bulk.stream().map(this::awaitFinal).toList();
        assertEquals(JobStatus.SUCCEEDED, person.status());
        backlog.forEach(r -> assertEquals(JobStatus.SUCCEEDED, r.status(), r.jobId()));
        List<JobRecord> before = backlog.stream().filter(r -> r.startedAt().isBefore(person.startedAt())).toList();
        assertEquals(List.of(backlog.get(0)), before,
                "only the bulk job already running went before the interactive one: " + backlog);
        assertFalse(person.startedAt().isBefore(backlog.get(0).finishedAt()), "one job at a time");
    }

    @Test
    void aBatchItemsResultGoesToItsOutputAndNotUnderTheJob() {
        ObjectRef output = new ObjectRef(null, "restored/lane-test/a.png");
        String id = request(Topics.REQUESTS_BULK, 3, output);
        JobRecord done = awaitFinal(id);
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals(new ObjectRef(store.bucket(), output.key()), done.result().object());
        byte[] result = store.read(done.result().object(), Long.MAX_VALUE).orElseThrow();
        assertEquals(8, ImageCodec.decode(result, Long.MAX_VALUE).color().width());
        assertEquals(List.of(JobKeys.of(id).record()), store.keys(JobKeys.of(id).prefix()),
                "nothing but the record under the job's folder");
    }

    @Test
    void anOutputOverTheInputOrInAnotherBucketIsRefusedAndTheOriginalIsUntouched() {
        String id = JobIds.newId();
        byte[] original = png(8, 8);
        ObjectRef input = store.put("archive/" + id + ".png", original, "image/png");
        RestorationRequest overwrite = RestorationRequest.of(id, Task.DENOISE, input, iterations(3), Instant.now())
                .inBatch(null, new ObjectRef(null, input.key()));
        long deadBefore = deadLetters();
        PipelineTestSupport.send(producer, Topics.REQUESTS_BULK, id, Json.write(overwrite));
        JobRecord refused = awaitFinal(id);
        assertEquals(ErrorCode.INVALID_REQUEST, refused.error().code());
        assertArrayEquals(original, store.read(input, Long.MAX_VALUE).orElseThrow(), "the original is untouched");
        PipelineTestSupport.await(this::deadLetters, n -> n > deadBefore, PATIENCE, "the bulk dead letter");

        String elsewhere = JobIds.newId();
        ObjectRef other = store.put("archive/" + elsewhere + ".png", original, "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS_BULK, elsewhere, Json.write(RestorationRequest.of(
                elsewhere, Task.DENOISE, other, iterations(3), Instant.now())
                .inBatch(null, new ObjectRef("some-other-bucket", "restored/x.png"))));
        JobRecord foreign = awaitFinal(elsewhere);
        assertEquals(ErrorCode.INVALID_REQUEST, foreign.error().code());
        assertTrue(foreign.error().message().contains("bucket"), foreign.error().message());
    }

    long deadLetters() {
        return TopicReader.readAll(LocalInfraTestResource.kafka().bootstrapServers(),
                Topics.REQUESTS_BULK_DEAD_LETTER).size();
    }
}
