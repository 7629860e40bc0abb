package dev.revive.storage;

import dev.revive.model.BatchKeys;
import dev.revive.model.BatchRecord;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The store as both services use it: plain objects in Revive's bucket, job records in their contract form,
 * and one translation of S3 failures — a missing object is an empty answer, anything else is
 * {@link StorageUnavailableException}.
 */
public class ObjectStore {
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");
    private static final Set<String> ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

    private final MinioClient client;
    private final String bucket;
    private final Tracer tracer;

    public ObjectStore(MinioClient client, String bucket) {
        this(client, bucket, TracerProvider.noop().get("none"));
    }

    private ObjectStore(MinioClient client, String bucket, Tracer tracer) {
        this.client = client;
        this.bucket = bucket;
        this.tracer = tracer;
    }

    /** This store, with a client span for every object read, written or removed, in the current trace. */
    public ObjectStore traced(Tracer tracer) {
        return new ObjectStore(client, bucket, tracer);
    }

    public static ObjectStore connect(String endpoint, String accessKey, String secretKey, String region,
            String bucket) {
        return new ObjectStore(MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
                .region(region).build(), bucket);
    }

    /**
     * A client that gives up after {@code timeout} on connecting, sending or receiving, for probes that must
     * answer quickly when the store is away (the default timeouts are minutes).
     */
    public static ObjectStore connect(String endpoint, String accessKey, String secretKey, String region,
            String bucket, Duration timeout) {
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
                .region(region).build();
        long millis = timeout.toMillis();
        client.setTimeout(millis, millis, millis);
        return new ObjectStore(client, bucket);
    }

    /** Whether Revive's bucket exists: one cheap request, so a health check can make it every few seconds. */
    public boolean bucketExists() {
        return call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    /** Revive's own bucket. */
    public String bucket() {
        return bucket;
    }

    /** Safe to call from several processes at once: losing the race to create the bucket is success. */
    public void createBucketIfMissing() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    if (!ALREADY_THERE.contains(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    public ObjectRef put(String key, byte[] bytes, String contentType) {
        return traced("put", bucket, key, () -> putBytes(key, bytes, contentType));
    }

    private ObjectRef putBytes(String key, byte[] bytes, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .build()));
        return new ObjectRef(bucket, key);
    }

    /** Streams a file into Revive's bucket, so a large one is never held in memory. */
    public ObjectRef put(String key, java.nio.file.Path file, String contentType) {
        return traced("put", bucket, key, () -> putFile(key, file, contentType));
    }

    private ObjectRef putFile(String key, java.nio.file.Path file, String contentType) {
        call(() -> {
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                return client.putObject(PutObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .stream(in, java.nio.file.Files.size(file), -1)
                        .contentType(contentType)
                        .build());
            }
        });
        return new ObjectRef(bucket, key);
    }

    public void remove(String key) {
        traced("remove", bucket, key, () -> call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        }));
    }

    /** The size of an object, or empty when there is none. */
    public Optional<Long> size(ObjectRef ref) {
        return ifExists(() -> client.statObject(
                StatObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build()).size());
    }

    /** Whether Revive's bucket holds {@code key}. */
    public boolean exists(String key) {
        return size(new ObjectRef(bucket, key)).isPresent();
    }

    /** The keys under {@code prefix} in Revive's bucket, in the store's (lexicographic) order. */
    public List<String> keys(String prefix) {
        return keys(bucket, prefix, Integer.MAX_VALUE);
    }

    /** At most {@code limit} keys under {@code prefix} in {@code bucket}, in lexicographic order. */
    public List<String> keys(String bucket, String prefix, int limit) {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> item : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                if (keys.size() >= limit) {
                    break;
                }
                keys.add(item.get().objectName());
            }
            return keys;
        });
    }

    /**
     * One page of the objects under {@code prefix} in {@code bucket}, in lexicographic order, starting after the
     * key {@code startAfter} (null: from the first): a cursor to list a large prefix in steps that survive a restart.
     */
    public List<StoredObject> list(String bucket, String prefix, String startAfter, int limit) {
        return call(() -> {
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                    .maxKeys(Math.min(limit, 1000));
            if (startAfter != null) {
                args.startAfter(startAfter);
            }
            List<StoredObject> page = new ArrayList<>();
            for (Result<Item> result : client.listObjects(args.build())) {
                if (page.size() >= limit) {
                    break;
                }
                Item item = result.get();
                page.add(new StoredObject(item.objectName(), StoredObject.unquoted(item.etag()), item.size()));
            }
            return page;
        });
    }

    /** The object's ETag and size, or empty when there is none. */
    public Optional<StoredObject> stat(ObjectRef ref) {
        return ifExists(() -> {
            var stat = client.statObject(StatObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build());
            return new StoredObject(ref.key(), StoredObject.unquoted(stat.etag()), stat.size());
        });
    }

    /** Opens an object for streaming; the caller closes it. Empty when there is no such object. */
    public Optional<InputStream> open(ObjectRef ref) {
        return ifExists(() -> client.getObject(
                GetObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build()));
    }

    /**
     * Reads a whole object, refusing one larger than {@code maxBytes} before reading it.
     *
     * @throws ObjectTooLargeException when the object is larger than allowed
     */
    public Optional<byte[]> read(ObjectRef ref, long maxBytes) {
        return traced("read", ref.bucket(), ref.key(), () -> readBounded(ref, maxBytes));
    }

    /** In one request: the size comes with the object's headers, and an object over the limit is not read. */
    private Optional<byte[]> readBounded(ObjectRef ref, long maxBytes) {
        Optional<GetObjectResponse> response = ifExists(() -> client.getObject(
                GetObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build()));
        if (response.isEmpty()) {
            return Optional.empty();
        }
        try (GetObjectResponse in = response.get()) {
            String length = in.headers().get("Content-Length");
            if (length != null && Long.parseLong(length) > maxBytes) {
                throw new ObjectTooLargeException(ref, Long.parseLong(length), maxBytes);
            }
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 9) + 1);
            if (bytes.length > maxBytes) {
                throw new ObjectTooLargeException(ref, bytes.length, maxBytes);
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /**
     * Reads an object of Revive's own (a job record, an idempotency mark) in one request: these are small by
     * construction, so the size check of {@link #read} would only cost a second round trip.
     */
    public Optional<byte[]> readOwn(String key) {
        return traced("read", bucket, key, () -> readWhole(key));
    }

    private Optional<byte[]> readWhole(String key) {
        return open(new ObjectRef(bucket, key)).map(in -> call(() -> {
            try (in) {
                return in.readAllBytes();
            }
        }));
    }

    public void writeRecord(JobRecord record) {
        put(JobKeys.of(record.jobId()).record(), Json.writeBytes(record), "application/json");
    }

    public Optional<JobRecord> readRecord(String jobId) {
        return readOwn(JobKeys.of(jobId).record()).map(bytes -> Json.read(bytes, JobRecord.class));
    }

    public void writeModel(ModelRecord record) {
        put(ModelKeys.of(record.modelId()).record(), Json.writeBytes(record), "application/json");
    }

    public Optional<ModelRecord> readModel(String modelId) {
        return readOwn(ModelKeys.of(modelId).record()).map(bytes -> Json.read(bytes, ModelRecord.class));
    }

    /** Runs one store operation in a client span named {@code store <operation>}, marked failed if it throws. */
    private <T> T traced(String operation, String bucket, String key, Supplier<T> work) {
        Span span = tracer.spanBuilder("store " + operation).setSpanKind(SpanKind.CLIENT)
                .setAttribute("revive.store.bucket", bucket == null ? this.bucket : bucket)
                .setAttribute("revive.store.key", key)
                .startSpan();
        try (Scope current = span.makeCurrent()) {
            T result = work.get();
            if (result instanceof Optional<?> found && found.isEmpty()) {
                span.setAttribute("revive.store.found", false);
            }
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    public void writeBatch(BatchRecord record) {
        put(BatchKeys.of(record.batchId()).record(), Json.writeBytes(record), "application/json");
    }

    public Optional<BatchRecord> readBatch(String batchId) {
        return readOwn(BatchKeys.of(batchId).record()).map(bytes -> Json.read(bytes, BatchRecord.class));
    }

    private static <T> Optional<T> ifExists(StoreCall<T> call) {
        try {
            return Optional.of(call.run());
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private static <T> T call(StoreCall<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private static StorageUnavailableException unavailable(Exception e) {
        return e instanceof IOException
                ? new StorageUnavailableException("the store is not reachable: " + e.getMessage(), e)
                : new StorageUnavailableException("the store refused the operation: " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }
}
