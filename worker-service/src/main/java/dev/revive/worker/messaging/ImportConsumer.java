package dev.revive.worker.messaging;

import dev.revive.model.ImportRequest;
import dev.revive.model.RequestValidator;
import dev.revive.model.Violation;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.ModelImporter;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes SavedModel imports (see {@link ModelRequestConsumer}): under the engine lock too, since the check loads and
 * runs the model.
 */
@Singleton
public class ImportConsumer extends ModelRequestConsumer<ImportRequest> {
    private final ModelImporter importer;

    public ImportConsumer(ModelImporter importer, EngineLock engine, ConsumerSpans spans) {
        super(ImportRequest.class, "imported", engine, spans);
        this.importer = importer;
    }

    @Incoming("imports")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return handle(message);
    }

    @Override
    String modelId(ImportRequest request) {
        return request.modelId();
    }

    @Override
    List<Violation> violations(ImportRequest request) {
        return RequestValidator.validate(request);
    }

    @Override
    void reject(ImportRequest request, String reason) {
        importer.reject(request, reason);
    }

    @Override
    void run(ImportRequest request, CancellationSignal stop) {
        importer.importModel(request, stop);
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stop();
    }
}
