package dev.revive.api.messaging;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.Json;
import dev.revive.model.TrainingRequest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes training requests keyed by model id, acknowledged by the broker (acks=all) before the api answers. */
@ApplicationScoped
public class TrainingPublisher {
    private final MutinyEmitter<Record<String, String>> training;
    private final ApiConfig config;

    public TrainingPublisher(@Channel("training") MutinyEmitter<Record<String, String>> training, ApiConfig config) {
        this.training = training;
        this.config = config;
    }

    /** @throws PublishFailedException when the broker did not acknowledge in time */
    public void publish(TrainingRequest request) {
        try {
            training.sendMessage(TracedRecords.of(request.modelId(), Json.write(request)))
                    .await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new PublishFailedException("the training request could not be queued: " + e.getMessage(), e);
        }
    }
}
