package dev.revive.api.messaging;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.Json;
import dev.revive.model.RestorationRequest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes requests keyed by job id and returns only once the broker has acknowledged them (acks=all). */
@ApplicationScoped
public class RequestPublisher {
    private final MutinyEmitter<Record<String, String>> requests;
    private final ApiConfig config;

    public RequestPublisher(@Channel("requests") MutinyEmitter<Record<String, String>> requests, ApiConfig config) {
        this.requests = requests;
        this.config = config;
    }

    /** @throws PublishFailedException when the broker did not acknowledge in time */
    public void publish(RestorationRequest request) {
        try {
            requests.sendMessage(TracedRecords.of(request.jobId(), Json.write(request)))
                    .await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new PublishFailedException("the request could not be queued: " + e.getMessage(), e);
        }
    }
}
