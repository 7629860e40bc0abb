package dev.revive.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.JobRecord;
import dev.revive.model.Schemas;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.job.FakeEngineProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka contract as an outside pipeline meets it: requests written by hand as JSON text (not with our records or
 * mapper) and sent by a plain producer, as plain JSON, a binary-mode and a structured-mode CloudEvent; events and
 * replies read by a plain consumer and checked against the published schema and the CloudEvents headers. Hostile
 * envelopes and reply topics go to the dead-letter topic with their reason, and the worker moves on.
 */
@QuarkusTest
@TestProfile(KafkaContractTest.Profile.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1,"
                + KafkaContractTest.REPLIES + ":1"))
class KafkaContractTest {
    /** The pipeline tests' fake engine, and a reply to a missing topic given up on sooner than in production. */
    public static class Profile extends FakeEngineProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.put("revive.worker.reply-timeout", "2s");
            config.put("mp.messaging.outgoing.replies.max.block.ms", "1000");
            return config;
        }
    }

    static final String REPLIES = "replies.contract";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Our own reader of JSON: plain Jackson, nothing of the contract's mapper. */
    static final ObjectMapper PLAIN = new ObjectMapper();
    static KafkaProducer<String, String> producer;
    static JsonSchema eventSchema;

    @Inject
    ObjectStore store;

    @BeforeAll
    static void connect() throws IOException {
        producer = PipelineTestSupport.producer();
        try (InputStream in = Schemas.open(Schemas.JOB_EVENT)) {
            eventSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    /** A denoise request of a stored 8x8 photo, as a pipeline would write it, with {@code extra} fields appended. */
    String request(String jobId, String extra) {
        String key = "incoming/" + jobId + ".png";
        store.put(key, PipelineTestSupport.png(8, 8), "image/png");
        return """
                {"schemaVersion":1,"jobId":"%s","task":"denoise","input":{"key":"%s"},\
                "options":{"iterations":4,"progressEvery":2}%s}""".formatted(jobId, key, extra);
    }

    static String correlated(String correlationId, String replyTo) {
        return ",\"correlationId\":\"" + correlationId + "\",\"replyTo\":\"" + replyTo + "\"";
    }

    static Map<String, String> binaryHeaders(String specVersion) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", specVersion);
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_source", "urn:example:pipeline");
        headers.put("ce_type", "dev.revive.restoration.requested");
        headers.put("content-type", "application/json");
        return headers;
    }

    static String structured(String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"urn:example:pipeline\","
                + "\"type\":\"dev.revive.restoration.requested\",\"datacontenttype\":\"application/json\""
                + (data == null ? "" : ",\"data\":" + data) + "}";
    }

    static final Map<String, String> STRUCTURED = Map.of("content-type", "application/cloudevents+json; charset=UTF-8");

    static void send(String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.REQUESTS, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    JobRecord awaitFinal(String id) {
        return PipelineTestSupport.awaitFinal(store, id, PATIENCE);
    }

    static List<ConsumerRecord<String, String>> read(String topic, String key) {
        return TopicReader.readAll(LocalInfraTestResource.kafka().bootstrapServers(), topic).stream()
                .filter(r -> key.equals(r.key())).toList();
    }

    /**
     * The records of {@code key} once {@code done} holds for them: the worker writes the record before it announces
     * it, so a finished job's events and reply may still be on their way.
     */
    static List<ConsumerRecord<String, String>> await(String topic, String key,
            java.util.function.Predicate<List<ConsumerRecord<String, String>>> done) {
        return PipelineTestSupport.await(() -> read(topic, key), done, PATIENCE, key + " on " + topic);
    }

    static boolean endsFinal(List<ConsumerRecord<String, String>> records) {
        return !records.isEmpty() && List.of("succeeded", "failed", "cancelled")
                .contains(json(records.get(records.size() - 1).value()).get("status").asText());
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static JsonNode json(String text) {
        try {
            return PLAIN.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    /** Checks an event as any consumer would: schema-valid JSON, with the CloudEvents attributes in its headers. */
    static JsonNode checkEvent(ConsumerRecord<String, String> record) {
        JsonNode event = json(record.value());
        assertEquals(java.util.Set.of(), eventSchema.validate(event), record.value());
        Headers h = record.headers();
        assertEquals("1.0", header(h, "ce_specversion"));
        assertEquals(event.get("eventId").asText(), header(h, "ce_id"));
        assertEquals("dev.revive.job." + event.get("status").asText(), header(h, "ce_type"));
        assertEquals("urn:revive:worker:" + event.get("workerId").asText(), header(h, "ce_source"));
        assertEquals(event.get("jobId").asText(), header(h, "ce_subject"));
        assertEquals(OffsetDateTime.parse(event.get("time").asText()).toInstant(),
                OffsetDateTime.parse(header(h, "ce_time")).toInstant());
        assertEquals("urn:revive:schema:job-event:v1", header(h, "ce_dataschema"));
        assertEquals("application/json", header(h, "content-type"));
        return event;
    }

    @Test
    void plainBinaryAndStructuredRequestsAreRestoredAndAnsweredOnTheirReplyTopic() {
        String plain = UUID.randomUUID().toString();
        String binary = UUID.randomUUID().toString();
        String structured = UUID.randomUUID().toString();
        send(plain, request(plain, correlated("plain-1", REPLIES)), Map.of());
        send(binary, request(binary, correlated("binary-2", REPLIES)), binaryHeaders("1.0"));
        send(structured, structured(request(structured, correlated("structured 3/x", REPLIES))), STRUCTURED);

        Map<String, String> correlation = Map.of(plain, "plain-1", binary, "binary-2", structured, "structured 3/x");
        correlation.forEach((id, correlationId) -> {
            JobRecord done = awaitFinal(id);
            assertEquals("succeeded", done.status().wireName(), id + ": " + done.error());
            assertEquals(correlationId, done.correlationId());

            List<ConsumerRecord<String, String>> events = await(Topics.EVENTS, id, KafkaContractTest::endsFinal);
            JsonNode last = null;
            for (ConsumerRecord<String, String> record : events) {
                last = checkEvent(record);
                assertEquals(correlationId, last.get("correlationId").asText(), "every event carries it");
            }
            assertEquals("succeeded", last.get("status").asText());

            List<ConsumerRecord<String, String>> replies = await(REPLIES, id, KafkaContractTest::endsFinal);
            assertEquals(1, replies.size(), "only the final event is a reply");
            JsonNode reply = checkEvent(replies.get(0));
            assertEquals(last, reply, "the reply is the final event");
            assertEquals(header(events.get(events.size() - 1).headers(), "ce_id"),
                    header(replies.get(0).headers(), "ce_id"));

            JsonNode result = reply.get("result");
            assertEquals(4, result.get("iterations").asInt());
            assertEquals("iterations", result.get("stoppedBy").asText());
            JsonNode metrics = result.get("metrics");
            assertEquals(1, metrics.get("attempts").asInt());
            double engine = metrics.get("engineSeconds").asDouble();
            assertTrue(engine > 0 && metrics.get("wallSeconds").asDouble() >= engine, metrics.toString());
            assertEquals(engine / 4, metrics.get("secondsPerIteration").asDouble(), 0.002, metrics.toString());
        });
    }

    @Test
    void hostileEnvelopesAndReplyTopicsAreDeadLetteredWithTheirReasonAndTheWorkerMovesOn() {
        long requestsBefore = TopicReader.readAll(LocalInfraTestResource.kafka().bootstrapServers(), Topics.REQUESTS)
                .size();
        Map<String, String> expectedReasons = new LinkedHashMap<>();
        String outside = UUID.randomUUID().toString();
        send(outside, request(outside, correlated("c-outside", "orders.elsewhere")), Map.of());
        expectedReasons.put(outside, "replyTo");
        String ownTopic = UUID.randomUUID().toString();
        send(ownTopic, request(ownTopic, correlated("c-own", Topics.REQUESTS)), Map.of());
        expectedReasons.put(ownTopic, "replyTo");
        String longId = UUID.randomUUID().toString();
        send(longId, request(longId, correlated("x".repeat(10_000), REPLIES)), Map.of());
        expectedReasons.put(longId, "correlationId");
        String badOptions = UUID.randomUUID().toString();
        send(badOptions, request(badOptions, correlated("c-bad-options", REPLIES))
                .replace("\"iterations\":4", "\"iterations\":0"), Map.of());
        expectedReasons.put(badOptions, "options.iterations");

        String oldSpec = "ce-" + UUID.randomUUID();
        send(oldSpec, request(UUID.randomUUID().toString(), ""), binaryHeaders("0.3"));
        expectedReasons.put(oldSpec, "spec version '0.3'");
        String wrongType = "ce-" + UUID.randomUUID();
        Map<String, String> typed = binaryHeaders("1.0");
        typed.put("ce_type", "com.example.order.placed");
        send(wrongType, request(UUID.randomUUID().toString(), ""), typed);
        expectedReasons.put(wrongType, "type dev.revive.restoration.requested");
        String noSource = "ce-" + UUID.randomUUID();
        Map<String, String> sourceless = binaryHeaders("1.0");
        sourceless.remove("ce_source");
        send(noSource, request(UUID.randomUUID().toString(), ""), sourceless);
        expectedReasons.put(noSource, "ce_source");
        String binaryNotJson = "ce-" + UUID.randomUUID();
        send(binaryNotJson, "{\"schemaVersion\":1,", binaryHeaders("1.0"));
        expectedReasons.put(binaryNotJson, "not readable");
        String noData = "ce-" + UUID.randomUUID();
        send(noData, structured(null), STRUCTURED);
        expectedReasons.put(noData, "no data");
        String textData = "ce-" + UUID.randomUUID();
        send(textData, structured("\"denoise this please\""), STRUCTURED);
        expectedReasons.put(textData, "JSON object");
        String notJson = "ce-" + UUID.randomUUID();
        send(notJson, "specversion=1.0", STRUCTURED);
        expectedReasons.put(notJson, "not readable JSON");

        String good = UUID.randomUUID().toString();
        send(good, request(good, correlated("after-the-poison", REPLIES)), Map.of());
        assertEquals("succeeded", awaitFinal(good).status().wireName(), "the worker moved past the poison");

        // The connector sends dead letters on its own producer, so the last of them may land after the good job.
        List<ConsumerRecord<String, String>> dead = PipelineTestSupport.await(
                () -> TopicReader.readAll(LocalInfraTestResource.kafka().bootstrapServers(),
                        Topics.REQUESTS_DEAD_LETTER),
                letters -> letters.stream().map(ConsumerRecord::key).toList().containsAll(expectedReasons.keySet()),
                PATIENCE, "the dead letters of " + expectedReasons.keySet());
        expectedReasons.forEach((key, reason) -> {
            ConsumerRecord<String, String> letter = dead.stream().filter(r -> key.equals(r.key())).findFirst()
                    .orElseThrow(() -> new AssertionError("not dead-lettered: " + key));
            String why = header(letter.headers(), "dead-letter-reason");
            assertNotNull(why, key);
            assertTrue(why.contains(reason), key + ": " + why);
            assertTrue(why.length() < 1000, "a hostile value is not echoed whole: " + why.length());
        });

        for (String refused : List.of(outside, ownTopic, longId)) {
            JobRecord record = awaitFinal(refused);
            assertEquals("invalid-request", record.error().code().wireName());
            assertTrue(endsFinal(await(Topics.EVENTS, refused, KafkaContractTest::endsFinal)));
        }
        assertNull(awaitFinal(outside).replyTo(), "a refused reply topic is not kept");
        assertNull(awaitFinal(ownTopic).replyTo(), "a refused reply topic is not kept");
        assertNull(awaitFinal(longId).correlationId(), "a refused correlation id is not kept");
        JsonNode refusedId = checkEvent(await(REPLIES, longId, KafkaContractTest::endsFinal).get(0));
        assertNull(refusedId.get("correlationId"), "the reply topic was proper, the correlation id was not");
        assertEquals(requestsBefore + expectedReasons.size() + 1, TopicReader.readAll(
                LocalInfraTestResource.kafka().bootstrapServers(), Topics.REQUESTS).size(),
                "nothing was written to the requests topic but what this test sent");

        List<ConsumerRecord<String, String>> failure = await(REPLIES, badOptions, KafkaContractTest::endsFinal);
        assertEquals(1, failure.size(), "a refused request with a proper reply topic hears why there");
        JsonNode refusal = checkEvent(failure.get(0));
        assertEquals("failed", refusal.get("status").asText());
        assertEquals("invalid-request", refusal.at("/error/code").asText());
        assertEquals("c-bad-options", refusal.get("correlationId").asText());
    }

    @Test
    void aReplyTopicThatDoesNotExistCostsTheJobNothing() {
        String id = UUID.randomUUID().toString();
        send(id, request(id, correlated("to-nowhere", "replies.nobody-created-this")), Map.of());
        JobRecord done = awaitFinal(id);
        assertEquals("succeeded", done.status().wireName());
        List<ConsumerRecord<String, String>> events = await(Topics.EVENTS, id, KafkaContractTest::endsFinal);
        assertEquals("succeeded", checkEvent(events.get(events.size() - 1)).get("status").asText());

        String next = UUID.randomUUID().toString();
        send(next, request(next, correlated("next", REPLIES)), Map.of());
        assertEquals("succeeded", awaitFinal(next).status().wireName());
        assertEquals(1, await(REPLIES, next, KafkaContractTest::endsFinal).size(), "replies flow after one failed");
        given().get("/q/health/live").then().statusCode(200);
    }
}
