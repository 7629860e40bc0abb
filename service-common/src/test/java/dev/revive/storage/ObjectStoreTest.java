package dev.revive.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.LocalS3;
import dev.revive.model.CollectionRef;
import dev.revive.model.JobIds;
import dev.revive.model.Method;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.TrainingRequest;
import dev.revive.model.JobRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store wrapper against a real S3 server (S3Proxy). */
class ObjectStoreTest {
    @TempDir
    static Path dir;
    static LocalS3 s3;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = LocalS3.start(dir);
        store = ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1", "revive-test");
        store.createBucketIfMissing();
        store.createBucketIfMissing();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void aPrefixIsListedInPagesFromACursorWithETagsAStatAgrees() {
        for (int i = 0; i < 5; i++) {
            store.put("pages/k" + i, new byte[] {(byte) i, 7}, "application/octet-stream");
        }
        List<StoredObject> first = store.list(store.bucket(), "pages/", null, 2);
        assertEquals(List.of("pages/k0", "pages/k1"), first.stream().map(StoredObject::key).toList());
        List<StoredObject> rest = store.list(store.bucket(), "pages/", first.get(1).key(), 10);
        assertEquals(List.of("pages/k2", "pages/k3", "pages/k4"), rest.stream().map(StoredObject::key).toList());
        StoredObject k3 = store.stat(new ObjectRef(store.bucket(), "pages/k3")).orElseThrow();
        assertEquals(rest.get(1), k3, "the listing and a stat give the same ETag and size");
        assertTrue(!k3.eTag().isEmpty() && !k3.eTag().contains("\""), k3.eTag());
        store.put("pages/k3", new byte[] {9, 9, 9}, "application/octet-stream");
        assertTrue(!k3.eTag().equals(store.stat(new ObjectRef(store.bucket(), "pages/k3")).orElseThrow().eTag()),
                "new content, new ETag");
        assertEquals(Optional.empty(), store.stat(new ObjectRef(store.bucket(), "pages/none")));
        assertEquals(List.of(), store.list(store.bucket(), "pages/", "pages/k4", 10));
    }

    @Test
    void objectsRoundTripAndMissingOnesAreEmpty() {
        ObjectRef ref = store.put("a/b.bin", new byte[] {1, 2, 3}, "application/octet-stream");
        assertEquals(new ObjectRef("revive-test", "a/b.bin"), ref);
        assertEquals(Optional.of(3L), store.size(ref));
        assertArrayEquals(new byte[] {1, 2, 3}, store.read(ref, 3).orElseThrow());
        assertEquals(Optional.empty(), store.read(new ObjectRef("revive-test", "nope"), 10));
        assertEquals(Optional.empty(), store.size(new ObjectRef("no-such-bucket", "x")));
        assertTrue(store.exists("a/b.bin"));
        assertEquals(List.of("a/b.bin"), store.keys("a/"));
        store.remove("a/b.bin");
        assertEquals(Optional.empty(), store.size(ref));
        assertEquals(List.of(), store.keys("a/"));
    }

    @Test
    void aFileIsStreamedInWhole(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("variables.data");
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(bytes);
        java.nio.file.Files.write(file, bytes);
        ObjectRef ref = store.put("files/variables.data", file, "application/octet-stream");
        assertEquals(Optional.of((long) bytes.length), store.size(ref));
        assertArrayEquals(bytes, store.read(ref, bytes.length).orElseThrow());
    }

    @Test
    void listingIsBoundedAndModelRecordsRoundTrip() {
        for (String key : List.of("c/1.png", "c/2.png", "c/3.png", "d/1.png")) {
            store.put(key, new byte[1], "image/png");
        }
        assertEquals(List.of("c/1.png", "c/2.png"), store.keys("revive-test", "c/", 2));
        assertEquals(List.of("c/1.png", "c/2.png", "c/3.png"), store.keys("c/"));
        String id = JobIds.newId();
        assertEquals(Optional.empty(), store.readModel(id));
        ModelRecord queued = ModelRecord.queued(TrainingRequest.of(id, Method.NOISE2VOID,
                new CollectionRef(null, "c/"), RestorationOptions.NONE, Instant.parse("2026-12-01T00:00:00Z")));
        store.writeModel(queued);
        assertEquals(Optional.of(queued), store.readModel(id));
        assertTrue(store.exists(ModelKeys.of(id).record()));
    }

    @Test
    void servicesStartingTogetherMayBothCreateTheBucket() throws Exception {
        List<ObjectStore> racers = IntStream.range(0, 4).mapToObj(i -> ObjectStore.connect(s3.endpoint(),
                s3.accessKey(), s3.secretKey(), "us-east-1", "revive-race")).toList();
        List<CompletableFuture<Void>> runs = racers.stream()
                .map(store -> CompletableFuture.runAsync(store::createBucketIfMissing)).toList();
        for (CompletableFuture<Void> run : runs) {
            run.get();
        }
        assertEquals(new ObjectRef("revive-race", "x"), racers.get(0).put("x", new byte[1], "text/plain"));
    }

    @Test
    void refusesToReadMoreThanAllowed() {
        ObjectRef ref = store.put("big.bin", new byte[100], "application/octet-stream");
        assertThrows(ObjectTooLargeException.class, () -> store.read(ref, 99));
        assertEquals(100, store.read(ref, 100).orElseThrow().length);
        assertEquals(100, store.read(ref, Long.MAX_VALUE).orElseThrow().length);
        assertEquals(Optional.empty(), store.read(new ObjectRef(ref.bucket(), "absent.bin"), 100));
    }

    @Test
    void jobRecordsRoundTrip() {
        String id = JobIds.newId();
        assertEquals(Optional.empty(), store.readRecord(id));
        JobRecord record = JobRecord.queued(RestorationRequest.of(id, Task.DENOISE, new ObjectRef("revive-test", "x"),
                RestorationOptions.NONE, Instant.parse("2026-11-22T10:00:00Z")).resolved());
        store.writeRecord(record);
        assertEquals(Optional.of(record), store.readRecord(id));
    }

    @Test
    void anUnreachableStoreIsReportedAsUnavailable() {
        ObjectStore nowhere = ObjectStore.connect("http://127.0.0.1:1", "a", "b", "us-east-1", "revive-test");
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                () -> nowhere.size(new ObjectRef("revive-test", "x")));
        assertTrue(e.getMessage().contains("not reachable"), e.getMessage());
    }
}
