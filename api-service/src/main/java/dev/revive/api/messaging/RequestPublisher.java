package dev.revive.api.messaging;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.Json;
import dev.revive.model.Lane;
import dev.revive.model.RestorationRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes requests keyed by job id and returns only once the broker has acknowledged them (acks=all): interactive
 * ones to the request topic, bulk ones (batches, uploads announced by the store) to the bulk lane, which workers
 * take only when no interactive job waits.
 */
@ApplicationScoped
public class RequestPublisher {
    /** Within the emitter's default buffer of 128 records. */
    private static final int CHUNK = 100;

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
    public void publish(RestorationRequest request, Lane lane) {
        send(lane == Lane.BULK ? bulk : requests, request);
    }

    /**
     * Publishes bulk requests together and returns once the broker has acknowledged them all: a batch page costs one
     * round trip, not one per item. In chunks no larger than the emitter's buffer.
     *
     * @throws PublishFailedException when any was not acknowledged in time; some may have been, and a retry
     *                                publishes those again (the worker skips what is finished)
     */
    public void publishBulk(List<RestorationRequest> requests) {
        for (int from = 0; from < requests.size(); from += CHUNK) {
            List<Uni<Void>> sends = requests.subList(from, Math.min(requests.size(), from + CHUNK)).stream()
                    .map(r -> bulk.sendMessage(TracedRecords.of(r.jobId(), Json.write(r)))).toList();
            try {
                Uni.join().all(sends).andFailFast().await().atMost(config.publishTimeout());
            } catch (RuntimeException e) {
                throw new PublishFailedException("the requests could not be queued: " + e.getMessage(), e);
            }
        }
    }

    private void send(MutinyEmitter<Record<String, String>> lane, RestorationRequest request) {
        try {
            lane.sendMessage(TracedRecords.of(request.jobId(), Json.write(request))).await()
                    .atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new PublishFailedException("the request could not be queued: " + e.getMessage(), e);
        }
    }
}
