package dev.revive.api.endpoint;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ErrorCode;
import dev.revive.model.Hashes;
import dev.revive.model.JobError;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationRequest;
import dev.revive.model.ResultInfo;
import dev.revive.model.StopReason;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The worker's side of the contract, for api tests that need jobs to finish: it takes requests from the bulk lane
 * with a plain Kafka client, honours cancellation markers, and writes the record and a result at the request's
 * output as the worker does, the result being the input's bytes. The worker itself is tested against the same
 * contract in worker-service ({@code PriorityLaneTest}). A budget of jobs lets a test hold it mid-batch.
 */
final class StandInWorker implements AutoCloseable {
    private final ObjectStore store;
    private final Semaphore budget = new Semaphore(Integer.MAX_VALUE);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    StandInWorker(ObjectStore store) {
        this.store = store;
        this.thread = new Thread(this::loop, "stand-in-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on, run at most {@code jobs} more jobs until {@link #unlimited()}. */
    void limitTo(int jobs) {
        budget.drainPermits();
        budget.release(jobs);
    }

    void unlimited() {
        budget.drainPermits();
        budget.release(Integer.MAX_VALUE / 2);
    }

    private void loop() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfraTestResource.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stand-in-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.REQUESTS_BULK));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    run(Json.read(record.value(), RestorationRequest.class));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(RestorationRequest request) throws InterruptedException {
        JobRecord record = store.readRecord(request.jobId()).orElseGet(() -> JobRecord.queued(request));
        if (record.status().isTerminal()) {
            return;
        }
        budget.acquire();
        Instant now = Instant.now();
        if (store.exists(JobKeys.of(request.jobId()).cancellation())) {
            store.writeRecord(record.failed(JobError.of(ErrorCode.CANCELLED, "cancelled before it started"), now));
            return;
        }
        JobRecord started = record.started(now, "stand-in");
        store.writeRecord(started);
        byte[] input = store.read(request.input(), Long.MAX_VALUE).orElseThrow();
        ObjectRef result = store.put(request.output().key(), input, "image/png");
        store.writeRecord(started.succeeded(new ResultInfo(result, "image/png", input.length, Hashes.sha256(input),
                1, 1, 3, StopReason.ITERATIONS), Instant.now()));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        unlimited();
        thread.join(5000);
    }
}
