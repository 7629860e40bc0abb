package dev.revive.api.messaging;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.BatchRequest;
import dev.revive.model.Json;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes a batch to expand, keyed by batch id, acknowledged by the broker (acks=all) before the api answers. */
@ApplicationScoped
public class BatchPublisher {
    private final MutinyEmitter<Record<String, String>> batches;
    private final ApiConfig config;

    public BatchPublisher(@Channel("batches") MutinyEmitter<Record<String, String>> batches, ApiConfig config) {
        this.batches = batches;
        this.config = config;
    }

    /** @throws PublishFailedException when the broker did not acknowledge in time */
    public void publish(BatchRequest request) {
        try {
            batches.send(Record.of(request.batchId(), Json.write(request))).await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new PublishFailedException("the batch could not be queued: " + e.getMessage(), e);
        }
    }
}
