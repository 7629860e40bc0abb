package dev.revive.api.messaging;

import dev.revive.api.job.BatchExpander;
import dev.revive.model.BatchRequest;
import dev.revive.model.JobIds;
import dev.revive.model.Json;
import dev.revive.storage.StorageUnavailableException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Expands the batches accepted by any api replica, one at a time. The message is acknowledged only once the batch is
 * expanded, so a replica stopped mid-way leaves it to the next, which goes on from the record's cursor. A store or
 * broker away is waited for about half a minute (each try goes on from the cursor); then, and for a message that
 * cannot be read, the message goes to the dead-letter topic, from which a replay resumes the batch where it stopped.
 */
@ApplicationScoped
public class BatchConsumer {
    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final BatchExpander expander;

    public BatchConsumer(BatchExpander expander) {
        this.expander = expander;
    }

    @Incoming("batch-expansion")
    @Blocking
    public void consume(String payload) throws InterruptedException {
        BatchRequest request = Json.read(payload, BatchRequest.class);
        if (request == null || request.schemaVersion() != BatchRequest.SCHEMA_VERSION
                || !JobIds.isValid(request.batchId())) {
            throw new IllegalArgumentException("not a batch request of schema version "
                    + BatchRequest.SCHEMA_VERSION + " with a batch id");
        }
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                expander.expand(request.batchId());
                return;
            } catch (StorageUnavailableException | PublishFailedException away) {
                if (attempt == ATTEMPTS) {
                    throw away;
                }
                LOG.warnf("batch %s waits %s: %s", request.batchId(), backoff, away.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
