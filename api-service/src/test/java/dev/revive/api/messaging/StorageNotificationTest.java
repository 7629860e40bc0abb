package dev.revive.api.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bucket notifications in MinIO's own format, produced by a plain Kafka client as MinIO would: new photos under
 * the ingest prefix become restorations on the bulk lane, once per upload; everything else is left alone, and a notification that
 * cannot be read goes to the dead-letter topic without holding up the ones behind it.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.REQUESTS_BULK + ":1," + Topics.EVENTS + ":1," + Topics.STORAGE_NOTIFICATIONS + ":1,"
                + Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER + ":1"))
class StorageNotificationTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static KafkaProducer<String, String> producer;
    static TopicReader topics;

    @Inject
    ObjectStore store;

    @BeforeAll
    static void connect() {
        String servers = LocalInfraTestResource.kafka().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                new StringSerializer(), new StringSerializer());
        topics = new TopicReader(servers);
    }

    @AfterAll
    static void close() {
        producer.close();
        topics.close();
    }

    @Test
    void aNewPhotoUnderThePrefixIsRestoredOncePerUpload() throws Exception {
        byte[] png = TestImages.encode("png", 27, 19);
        byte[] elsewhere = TestImages.encode("png", 23, 13);
        store.put("incoming/roll 7/scan-001.PNG", png, "image/png");
        store.put("incoming/roll 7/notes.txt", "not a photo".getBytes(), "text/plain");
        store.put("elsewhere/scan-002.png", elsewhere, "image/png");

        notify("s3:ObjectCreated:Put", "incoming%2Froll+7%2Fscan-001.PNG", "etag-1");
        notify("s3:ObjectCreated:Put", "incoming%2Froll+7%2Fscan-001.PNG", "etag-1");
        notify("s3:ObjectCreated:Put", "incoming%2Froll+7%2Fnotes.txt", "etag-2");
        notify("s3:ObjectCreated:Put", "elsewhere%2Fscan-002.png", "etag-3");
        notify("s3:ObjectRemoved:Delete", "incoming%2Froll+7%2Fscan-001.PNG", "");
        String sentinel = uploadAndNotify("incoming/sentinel-1.png", 31, 17, "etag-4");

        awaitJobFor(sentinel);
        List<RestorationRequest> jobs = requestsFor(png);
        assertEquals(1, jobs.size(), "one job for one upload announced twice");
        RestorationRequest job = jobs.get(0);
        assertEquals(Task.DENOISE, job.task());
        assertEquals(JobStatus.QUEUED, store.readRecord(job.jobId()).orElseThrow().status());

        notify("s3:ObjectCreated:Put", "incoming%2Froll+7%2Fscan-001.PNG", "etag-5");
        String second = uploadAndNotify("incoming/sentinel-2.png", 29, 21, "etag-6");
        awaitJobFor(second);
        assertEquals(2, requestsFor(png).size(), "uploaded again (a new ETag): restored again");
        assertEquals(0, requestsFor(elsewhere).size(), "nothing outside the prefix");
        assertEquals(0, topics.count(Topics.REQUESTS), "uploads go on the bulk lane, none on the interactive one");
    }

    @Test
    void unreadableNotificationsAndRefusedUploadsDoNotHoldUpTheRest() throws Exception {
        store.put("incoming/broken.png", "this is not a PNG".getBytes(), "image/png");
        producer.send(new ProducerRecord<>(Topics.STORAGE_NOTIFICATIONS, "x", "{not json")).get();
        producer.send(new ProducerRecord<>(Topics.STORAGE_NOTIFICATIONS, "x", "[1,2]")).get();
        notify("s3:ObjectCreated:Put", "incoming%2Fbroken.png", "etag-7");
        notify("s3:ObjectCreated:Put", "incoming%2Fbad%ZZescape.png", "etag-8");
        notify("s3:ObjectCreated:Put", "incoming%2Fmissing.png", "etag-9");
        String after = uploadAndNotify("incoming/sentinel-3.png", 33, 15, "etag-10");

        awaitJobFor(after);
        long deadLetters = awaitCount(Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER, 2);
        assertEquals(2, deadLetters, "the two unreadable notifications, with their reason");
        assertTrue(topics.readAll(Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER).stream()
                .allMatch(r -> r.headers().lastHeader("dead-letter-reason") != null));
    }

    /** A photo of a size no other test uses, so its bytes tell its job apart. */
    private String uploadAndNotify(String key, int width, int height, String eTag) throws Exception {
        store.put(key, TestImages.encode("png", width, height), "image/png");
        notify("s3:ObjectCreated:Put", key.replace("/", "%2F"), eTag);
        return key;
    }

    /** A notification as MinIO sends it, keyed and shaped the same way. */
    private void notify(String event, String encodedKey, String eTag) throws Exception {
        String record = """
                {"EventName":"%s","Key":"%s/%s","Records":[{"eventVersion":"2.0","eventSource":"minio:s3",
                "awsRegion":"","eventTime":"2026-12-02T10:00:00.000Z","eventName":"%s",
                "userIdentity":{"principalId":"revive"},"s3":{"s3SchemaVersion":"1.0","configurationId":"Config",
                "bucket":{"name":"%s","ownerIdentity":{"principalId":"revive"},"arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":1234,"eTag":"%s","contentType":"image/png","sequencer":"1"}}}]}
                """.formatted(event, store.bucket(), encodedKey, event, store.bucket(), store.bucket(), encodedKey,
                eTag);
        producer.send(new ProducerRecord<>(Topics.STORAGE_NOTIFICATIONS, store.bucket() + "/" + encodedKey, record))
                .get();
    }

    /** The requests whose input was copied from these bytes. */
    private List<RestorationRequest> requestsFor(byte[] bytes) {
        return topics.readAll(Topics.REQUESTS_BULK).stream().map(r -> Json.read(r.value(), RestorationRequest.class))
                .filter(r -> sameBytes(r, bytes)).toList();
    }

    private boolean sameBytes(RestorationRequest request, byte[] bytes) {
        return store.read(request.input(), Long.MAX_VALUE).map(b -> Arrays.equals(b, bytes)).orElse(false);
    }

    private void awaitJobFor(String key) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] bytes = store.read(new ObjectRef(store.bucket(), key), Long.MAX_VALUE).orElseThrow();
            if (!requestsFor(bytes).isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no job for " + key + " within " + PATIENCE);
    }

    private long awaitCount(String topic, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && topics.count(topic) < expected) {
            Thread.sleep(200);
        }
        return topics.count(topic);
    }
}
