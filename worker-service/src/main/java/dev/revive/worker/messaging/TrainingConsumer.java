package dev.revive.worker.messaging;

import dev.revive.model.RequestValidator;
import dev.revive.model.TrainingRequest;
import dev.revive.model.Violation;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.ModelTrainer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes training requests (see {@link ModelRequestConsumer}). A training runs as long as a restoration may, so it is
 * consumed like one, partitions paused meanwhile (see application.properties); a training stopped on shutdown comes
 * again, and the next worker goes on from its last checkpoint.
 */
@Singleton
public class TrainingConsumer extends ModelRequestConsumer<TrainingRequest> {
    private final ModelTrainer trainer;

    public TrainingConsumer(ModelTrainer trainer, EngineLock engine, ConsumerSpans spans) {
        super(TrainingRequest.class, "trained", engine, spans);
        this.trainer = trainer;
    }

    @Incoming("training")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return handle(message);
    }

    @Override
    String modelId(TrainingRequest request) {
        return request.modelId();
    }

    @Override
    List<Violation> violations(TrainingRequest request) {
        return RequestValidator.validate(request);
    }

    @Override
    void reject(TrainingRequest request, String reason) {
        trainer.reject(request, reason);
    }

    @Override
    void run(TrainingRequest request, CancellationSignal stop) {
        trainer.train(request, stop);
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stop();
    }
}
