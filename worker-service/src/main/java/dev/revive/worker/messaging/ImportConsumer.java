package dev.revive.worker.messaging;

import dev.revive.model.ImportRequest;
import dev.revive.model.JobIds;
import dev.revive.model.Json;
import dev.revive.model.MalformedMessageException;
import dev.revive.model.RequestValidator;
import dev.revive.model.Violation;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.ModelImporter;
import dev.revive.worker.job.WorkerStoppingException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes SavedModel imports one at a time, under the engine lock (the check loads and runs the model). Unreadable or
 * invalid requests go to the dead-letter topic, and a valid model id among them gets a failed record.
 */
@ApplicationScoped
public class ImportConsumer {
    private static final Logger LOG = Logger.getLogger(ImportConsumer.class);

    private final ModelImporter importer;
    private final EngineLock engine;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public ImportConsumer(ModelImporter importer, EngineLock engine) {
        this.importer = importer;
        this.engine = engine;
    }

    @Incoming("imports")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        ImportRequest request;
        try {
            request = Json.read(message.getPayload(), ImportRequest.class);
        } catch (MalformedMessageException e) {
            return message.nack(e);
        }
        if (request == null) {
            return message.nack(new InvalidRequestException("the message is empty"));
        }
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            String reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            if (JobIds.isValid(request.modelId())) {
                importer.reject(request, reason);
            }
            return message.nack(new InvalidRequestException(reason));
        }
        try {
            engine.exclusively(request.modelId(), stopping::get, () -> importer.importModel(request, stopping::get));
            return message.ack();
        } catch (WorkerStoppingException e) {
            LOG.info(e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "model %s could not be imported; it goes to the dead-letter topic", request.modelId());
            return message.nack(e);
        }
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping.set(true);
    }
}
