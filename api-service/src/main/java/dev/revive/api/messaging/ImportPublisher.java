package dev.revive.api.messaging;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.ImportRequest;
import dev.revive.model.Json;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes SavedModel imports keyed by model id, acknowledged by the broker (acks=all) before the api answers. */
@ApplicationScoped
public class ImportPublisher {
    private final MutinyEmitter<Record<String, String>> imports;
    private final ApiConfig config;

    public ImportPublisher(@Channel("imports") MutinyEmitter<Record<String, String>> imports, ApiConfig config) {
        this.imports = imports;
        this.config = config;
    }

    /** @throws PublishFailedException when the broker did not acknowledge in time */
    public void publish(ImportRequest request) {
        try {
            imports.sendMessage(TracedRecords.of(request.modelId(), Json.write(request)))
                    .await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new PublishFailedException("the import request could not be queued: " + e.getMessage(), e);
        }
    }
}
