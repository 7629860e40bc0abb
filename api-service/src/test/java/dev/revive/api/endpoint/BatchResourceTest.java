package dev.revive.api.endpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.BatchRecord;
import dev.revive.model.BatchRequest;
import dev.revive.model.BatchSource;
import dev.revive.model.CollectionRef;
import dev.revive.model.ImportRequest;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.ModelKind;
import dev.revive.model.ModelRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.StoredObject;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Archive batches on the real broker and store: expanded page by page into jobs on the bulk lane, finished by a
 * stand-in for the worker, reported in a manifest; run again without redoing anything; cancelled mid-way; resumed
 * from the cursor after a stop; and hostile bodies refused without creating anything.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":1," + Topics.REQUESTS_BULK + ":2,"
                + Topics.BATCHES + ":1," + Topics.BATCHES_DEAD_LETTER + ":1," + Topics.EVENTS + ":1"))
class BatchResourceTest {
    static final String PATH = BatchResource.PATH;
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static StandInWorker worker;
    static TopicReader topics;

    @Inject
    ObjectStore store;

    @BeforeAll
    static void start() {
        topics = new TopicReader(LocalInfraTestResource.kafka().bootstrapServers());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        topics.close();
    }

    StandInWorker worker() {
        if (worker == null) {
            worker = new StandInWorker(store);
        }
        return worker;
    }

    /** {@code count} distinct tiny photos under {@code prefix}, and a text file that is no photo. */
    List<String> archive(String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "roll-" + (i % 3) + "/scan-" + String.format("%03d", i) + ".png";
            store.put(key, TestImages.encode("png", 8 + i, 5), "image/png");
            keys.add(key);
        }
        store.put(prefix + "notes.txt", "not a photo".getBytes(), "text/plain");
        return keys;
    }

    static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post(PATH).then();
    }

    static JsonNode await(String id, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode batch = null;
        while (System.nanoTime() < deadline) {
            batch = Json.read(given().get(PATH + "/" + id).then().statusCode(200).extract().asString(),
                    JsonNode.class);
            if (done.test(batch)) {
                return batch;
            }
            sleep(200);
        }
        throw new AssertionError("batch " + id + " did not get there: " + batch);
    }

    static JsonNode awaitStatus(String id, String status) {
        return await(id, b -> status.equals(b.path("status").asText()));
    }

    static Map<String, Integer> counts(JsonNode batch) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        batch.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }

    static Map<String, Integer> counts(int total, int done, int failed, int cancelled, int remaining, int skipped) {
        return new java.util.TreeMap<>(Map.of("total", total, "done", done, "failed", failed, "cancelled", cancelled,
                "remaining", remaining, "skipped", skipped));
    }

    static JsonNode manifest(String id) {
        return Json.read(given().get(PATH + "/" + id + "/manifest?format=json").then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString(), JsonNode.class);
    }

    long bulkRequests() {
        return topics.count(Topics.REQUESTS_BULK);
    }

    @Test
    void aBatchOfAFewDozenPhotosCompletesWithAManifestAndARerunSkipsThemAll() {
        worker().unlimited();
        List<String> keys = archive("archive/1950s/", 30);
        String body = "{\"source\":{\"prefix\":\"archive/1950s/\"},\"task\":\"denoise\",\"options\":{\"iterations\":3}}";
        ValidatableResponse accepted = post(body).statusCode(202).body("status", equalTo("expanding"))
                .body("destination", equalTo("restored/{path}"));
        String id = accepted.extract().path("id");
        accepted.header("Location", org.hamcrest.Matchers.endsWith(PATH + "/" + id));
        JsonNode done = awaitStatus(id, "done");
        assertEquals(counts(30, 30, 0, 0, 0, 0), counts(done));

        JsonNode rows = manifest(id);
        assertEquals(30, rows.size());
        List<String> sources = new ArrayList<>();
        for (JsonNode row : rows) {
            String key = row.path("sourceKey").asText();
            sources.add(key);
            StoredObject original = store.stat(new ObjectRef(store.bucket(), key)).orElseThrow();
            assertEquals(original.eTag(), row.path("eTag").asText(), key);
            assertEquals("succeeded", row.path("status").asText(), key);
            assertFalse(row.path("skipped").asBoolean());
            String result = row.path("resultKey").asText();
            assertEquals("restored/" + key, result, "the default layout, the result format's extension");
            assertTrue(store.exists(result), result);
            assertEquals(3, row.path("iterations").asInt());
            assertTrue(row.path("seconds").isNumber() && row.path("queuedAt").isTextual(), row.toString());
            assertTrue(JobIds.isValid(row.path("jobId").asText()));
        }
        assertEquals(Set.copyOf(keys), Set.copyOf(sources), "one row per photo, and none for the text file");

        String csv = given().accept("text/csv").get(PATH + "/" + id + "/manifest").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(String.join(",", ManifestRow.COLUMNS), lines.get(0));
        assertEquals(31, lines.size());
        Set<String> csvJobs = lines.stream().skip(1).map(l -> l.split(",")[2]).collect(Collectors.toSet());
        Set<String> jsonJobs = new java.util.HashSet<>();
        rows.forEach(r -> jsonJobs.add(r.path("jobId").asText()));
        assertEquals(jsonJobs, csvJobs, "CSV and JSON rows name the same jobs");

        long before = bulkRequests();
        String again = post(body).statusCode(202).extract().path("id");
        JsonNode rerun = awaitStatus(again, "done");
        assertEquals(counts(30, 0, 0, 0, 0, 30), counts(rerun), "nothing redone");
        assertEquals(before, bulkRequests(), "nothing queued again");
        JsonNode skippedRows = manifest(again);
        assertTrue(java.util.stream.StreamSupport.stream(skippedRows.spliterator(), false)
                .allMatch(r -> r.path("skipped").asBoolean() && r.path("resultKey").asText().startsWith("restored/")),
                "each skipped row reports the earlier result");

        store.put(keys.get(4), TestImages.encode("png", 41, 7), "image/png");
        String third = post(body).statusCode(202).extract().path("id");
        assertEquals(counts(30, 1, 0, 0, 0, 29), counts(awaitStatus(third, "done")), "the changed photo is redone");
        assertEquals(before + 1, bulkRequests());
    }

    @Test
    void aCancelledBatchStopsTheJobsNotYetRun() {
        worker().limitTo(3);
        List<String> keys = archive("archive/cancel/", 12);
        String listed = keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(","));
        String id = post("{\"source\":{\"keys\":[" + listed + "]},\"task\":\"dejpeg\",\"destination\":\"out/{batch}/{path}\"}")
                .statusCode(202).extract().path("id");
        await(id, b -> b.path("counts").path("done").asInt() == 3 && !"expanding".equals(b.path("status").asText()));
        given().delete(PATH + "/" + id).then().statusCode(202).body("status", equalTo("cancelled"));
        worker().unlimited();
        JsonNode cancelled = await(id, b -> b.path("counts").path("remaining").asInt() == 0);
        assertEquals("cancelled", cancelled.path("status").asText());
        assertEquals(counts(12, 3, 0, 9, 0, 0), counts(cancelled));
        for (JsonNode row : manifest(id)) {
            boolean finished = "succeeded".equals(row.path("status").asText());
            String output = "out/" + id + "/" + row.path("sourceKey").asText();
            assertEquals(finished, store.exists(output), output);
            if (!finished) {
                assertEquals("cancelled", row.path("errorCode").asText());
            }
        }
        given().delete(PATH + "/" + id).then().statusCode(202);
    }

    @Test
    void anExpansionStoppedMidWayGoesOnFromItsCursor() throws Exception {
        worker().unlimited();
        List<String> keys = archive("archive/resume/", 10);
        Collections.sort(keys);
        String id = JobIds.newId();
        BatchRecord stopped = BatchRecord.expanding(id, null, new BatchSource(store.bucket(), "archive/resume/", null),
                Task.DENOISE, Method.DEEP_IMAGE_PRIOR, null, RestorationOptions.NONE, "restored/{path}", Instant.now())
                .pageWritten(0, keys.get(5));
        store.writeBatch(stopped);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfraTestResource.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.BATCHES, id, Json.write(BatchRequest.of(id)))).get();
        }
        JsonNode done = awaitStatus(id, "done");
        assertEquals(4, done.path("counts").path("total").asInt(), "only the photos after the cursor");
        Set<String> rows = new java.util.HashSet<>();
        manifest(id).forEach(r -> rows.add(r.path("sourceKey").asText()));
        assertEquals(Set.copyOf(keys.subList(6, 10)), rows);
    }

    @Test
    void unreadableBatchMessagesGoToTheDeadLetterTopicAndTheBatchesBehindThemExpand() throws Exception {
        worker().unlimited();
        archive("archive/after-poison/", 2);
        String unknown = JobIds.newId();
        String[] poison = {"{not json", "[]", "", "{\"schemaVersion\":9,\"batchId\":\"" + JobIds.newId() + "\"}",
            "{\"schemaVersion\":1,\"batchId\":\"../../jobs\"}", "{\"schemaVersion\":1}",
            "{\"junk\":\"" + "x".repeat(500_000) + "\"}"};
        long deadBefore = topics.count(Topics.BATCHES_DEAD_LETTER);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfraTestResource.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String value : poison) {
                producer.send(new ProducerRecord<>(Topics.BATCHES, "poison", value)).get();
            }
            producer.send(new ProducerRecord<>(Topics.BATCHES, unknown, Json.write(BatchRequest.of(unknown)))).get();
        }
        String id = post("{\"source\":{\"prefix\":\"archive/after-poison/\"},\"task\":\"denoise\"}")
                .statusCode(202).extract().path("id");
        assertEquals(2, awaitStatus(id, "done").path("counts").path("done").asInt());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (topics.count(Topics.BATCHES_DEAD_LETTER) < deadBefore + poison.length && System.nanoTime() < deadline) {
            sleep(200);
        }
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> dead =
                topics.readAll(Topics.BATCHES_DEAD_LETTER);
        assertEquals(deadBefore + poison.length, dead.size(), "each unreadable message, and only those");
        assertTrue(dead.stream().allMatch(r -> r.headers().lastHeader("dead-letter-reason") != null));
        assertTrue(store.readBatch(unknown).isEmpty(), "a batch without a record is not made up");
    }

    @Test
    void hostileBodiesAreRefusedAndCreateNothing() {
        archive("archive/hostile/", 1);
        String many = Collections.nCopies(10_001, "\"a.png\"").stream().collect(Collectors.joining(","));
        String unique = java.util.stream.IntStream.range(0, 10_001).mapToObj(i -> "\"k" + i + ".png\"")
                .collect(Collectors.joining(","));
        String huge = "{\"source\":{\"keys\":[\"" + "x".repeat(10 * 1024 * 1024) + "\"]},\"task\":\"denoise\"}";
        String prefix = "{\"source\":{\"prefix\":\"archive/hostile/\"},\"task\":\"denoise\"";
        String features = JobIds.newId();
        store.writeModel(ModelRecord.queued(new ImportRequest(ImportRequest.SCHEMA_VERSION, features,
                new CollectionRef(store.bucket(), "exports/vgg/"), null, null, null, null, null, Instant.now(), null,
                ModelKind.FEATURES).resolved()).importing(Instant.now()).succeeded(0, Map.of(), Instant.now()));
        Object[][] cases = {
            {"{\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"prefix\":\"archive/hostile/\",\"keys\":[\"a.png\"]},\"task\":\"denoise\"}", 400,
                "invalid-request"},
            {"{\"source\":{},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"keys\":[" + unique + "]},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"keys\":[" + many + "]},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"keys\":[]},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"keys\":[\"../etc/passwd\"]},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"keys\":[\"a.png\",null]},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"prefix\":\"jobs/\"},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"prefix\":\"j\"},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"prefix\":\"models/\"},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"prefix\":\"/archive/\"},\"task\":\"denoise\"}", 400, "invalid-request"},
            {"{\"source\":{\"bucket\":\"elsewhere\",\"prefix\":\"a/\"},\"task\":\"denoise\"}", 400,
                "bucket-not-allowed"},
            {"{\"source\":{\"prefix\":\"archive/nothing-here/\"},\"task\":\"denoise\"}", 422, "no-images"},
            {prefix + ",\"options\":{\"iterations\":0}}", 400, "invalid-request"},
            {prefix + ",\"options\":{\"iterations\":\"many\"}}", 400, "invalid-request"},
            {prefix + ",\"options\":\"fast\"}", 400, "invalid-request"},
            {prefix + ",\"options\":{\"speed\":11}}", 400, "invalid-request"},
            {prefix + ",\"colour\":\"sepia\"}", 400, "invalid-request"},
            {prefix + ",\"destination\":\"archive/hostile/out/{path}\"}", 400, "invalid-request"},
            {prefix + ",\"destination\":\"{path}.restored\"}", 400, "invalid-request"},
            {prefix + ",\"destination\":\"jobs/{path}\"}", 400, "invalid-request"},
            {prefix + ",\"destination\":\"restored/all\"}", 400, "invalid-request"},
            {prefix + ",\"destination\":\"../{path}\"}", 400, "invalid-request"},
            {prefix + ",\"method\":\"noise2noise\"}", 400, "invalid-request"},
            {prefix + ",\"method\":\"model\"}", 400, "invalid-request"},
            {prefix + ",\"method\":\"model\",\"model\":\"" + features + "\"}", 422, "unsupported-model"},
            {prefix + ",\"method\":\"magic\"}", 400, "unknown-method"},
            {"{\"source\":{\"prefix\":\"archive/hostile/\"},\"task\":\"inpaint\"}", 400, "invalid-request"},
            {"{\"source\":{\"prefix\":\"archive/hostile/\"}}", 400, "missing-task"},
            {"{\"source\":{\"prefix\":\"archive/hostile/\"},\"task\":\"paint\"}", 400, "unknown-task"},
            {"[1,2,3]", 400, "invalid-request"},
            {"{\"source\":", 400, "malformed-json"},
            {huge, 413, "too-large"},
        };
        for (Object[] c : cases) {
            int batchesBefore = store.keys("batches/").size();
            long queuedBefore = topics.count(Topics.BATCHES);
            String body = (String) c[0];
            post(body).statusCode((int) c[1]).contentType(Problem.MEDIA_TYPE)
                    .body("code", equalTo(c[2]));
            assertEquals(batchesBefore, store.keys("batches/").size(), "nothing stored for " + abbreviated(body));
            assertEquals(queuedBefore, topics.count(Topics.BATCHES), "nothing queued for " + abbreviated(body));
        }
    }

    static String abbreviated(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "..." : body;
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        for (String id : List.of(JobIds.newId(), "..%2F..%2Fjobs", "not-an-id")) {
            given().get(PATH + "/" + id).then().statusCode(404).body("code", equalTo("not-found"));
            given().get(PATH + "/" + id + "/manifest").then().statusCode(404);
            given().delete(PATH + "/" + id).then().statusCode(404);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
