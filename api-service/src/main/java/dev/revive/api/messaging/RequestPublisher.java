package dev.revive.api.messaging;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.Json;
import dev.revive.model.RestorationRequest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes requests keyed by job id and returns only once the broker has acknowledged them (acks=all): interactive
 * ones to the request topic, bulk ones (batches, uploads announced by the store) to the bulk lane, which workers
 * take only when no interactive job waits.
 */
@ApplicationScoped
public class RequestPublisher {
    private final MutinyEmitter<Record<String, String>> requests;
    private final MutinyEmitter<Record<String, String>> bulk;
    private final ApiConfig config;

    public RequestPublisher(@Channel("requests") MutinyEmitter<Record<String, String>> requests,
            @Channel("bulk-requests") MutinyEmitter<Record<String, String>> bulk, ApiConfig config) {
        this.requests = requests;
        this.bulk = bulk;
        this.config = config;
    }

    /** @throws PublishFailedException when the broker did not acknowledge in time */
    public void publish(RestorationRequest request) {
        send(requests, request);
    }

    /** The same, on the bulk lane. */
    public void publishBulk(RestorationRequest request) {
        send(bulk, request);
    }

    private void send(MutinyEmitter<Record<String, String>> lane, RestorationRequest request) {
        try {
            lane.send(Record.of(request.jobId(), Json.write(request))).await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new PublishFailedException("the request could not be queued: " + e.getMessage(), e);
        }
    }
}
