package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.revive.tracing.TraceHeaders;
import dev.revive.worker.job.FakeEngineProfile;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request carrying a traceparent: the job, its store calls, the engine and its events join that trace. */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1"))
class WorkerTracingTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT = "b7ad6b7169203331";

    private static KafkaProducer<String, String> producer;

    @Inject
    ObjectStore store;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void connect() {
        producer = PipelineTestSupport.producer();
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void aJobJoinsTheTraceItsRecordNamesAndPassesItToItsEvents() throws Exception {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", png(16, 12), "image/png");
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.REQUESTS, id, Json.write(
                RestorationRequest.of(id, Task.DENOISE, input, options(), Instant.now())));
        record.headers().add(TraceHeaders.TRACEPARENT,
                ("00-" + TRACE + "-" + PARENT + "-01").getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
        JobRecord done = PipelineTestSupport.awaitFinal(store, id, Duration.ofSeconds(60));
        assertEquals(JobStatus.SUCCEEDED, done.status());

        SpanData job = PipelineTestSupport.await(() -> span(TRACE, "job denoise"), s -> true, Duration.ofSeconds(10),
                "the job span");
        assertEquals(PARENT, job.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, job.getKind());
        assertEquals(id, job.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("revive.job.id")));
        assertEquals("succeeded", job.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.stringKey("revive.job.status")));

        List<SpanData> inTrace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(TRACE))
                .toList();
        Set<String> childNames = inTrace.stream().filter(s -> s.getParentSpanId().equals(job.getSpanId()))
                .map(SpanData::getName).collect(Collectors.toSet());
        assertTrue(childNames.containsAll(Set.of("store read", "store put", "engine dip")), childNames.toString());
        SpanData engine = inTrace.stream().filter(s -> s.getName().equals("engine dip")).findFirst().orElseThrow();
        assertTrue(inTrace.stream().anyMatch(s -> s.getName().equals("store put")
                && s.getParentSpanId().equals(job.getSpanId()) && s.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("revive.store.key"))
                        .equals(done.result().object().key())), "the result's write");
        assertTrue(engine.getEndEpochNanos() <= job.getEndEpochNanos());

        List<ConsumerRecord<String, String>> events = TopicReader.readAll(
                LocalInfraTestResource.kafka().bootstrapServers(), Topics.EVENTS).stream()
                .filter(e -> id.equals(e.key())).toList();
        assertFalse(events.isEmpty());
        for (ConsumerRecord<String, String> event : events) {
            String traceparent = new String(event.headers().lastHeader(TraceHeaders.TRACEPARENT).value(),
                    StandardCharsets.UTF_8);
            assertTrue(traceparent.startsWith("00-" + TRACE + "-"), traceparent);
        }
    }

    @Test
    void aRecordWithoutTraceparentStartsATraceOfItsOwn() {
        String id = PipelineTestSupport.submit(producer, store, png(8, 8), options());
        assertEquals(JobStatus.SUCCEEDED, PipelineTestSupport.awaitFinal(store, id, Duration.ofSeconds(60)).status());
        SpanData job = PipelineTestSupport.await(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("job denoise")).filter(s -> id.equals(s.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("revive.job.id")))).findFirst()
                .orElse(null), s -> true, Duration.ofSeconds(10), "the job span");
        assertFalse(job.getParentSpanContext().isValid(), "a root span");
    }

    private SpanData span(String trace, String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace))
                .filter(s -> s.getName().equals(name)).findFirst().orElse(null);
    }

    private static RestorationOptions options() {
        return new RestorationOptions(10, 7L, null, null, null, 5, null, null, null, null, null);
    }
}
