package dev.revive.worker.messaging;

import dev.revive.model.JobIds;
import dev.revive.model.Json;
import dev.revive.model.MalformedMessageException;
import dev.revive.model.RequestValidator;
import dev.revive.model.TrainingRequest;
import dev.revive.model.Violation;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.ModelTrainer;
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
 * Takes training requests one at a time, under the same engine lock as restorations. A training runs as long as a
 * restoration may, so it is consumed like one: acknowledged when its record is final, partitions paused meanwhile
 * (see application.properties). A training stopped on shutdown is not acknowledged, so it comes again, and the
 * next worker goes on from its last checkpoint.
 */
@ApplicationScoped
public class TrainingConsumer {
    private static final Logger LOG = Logger.getLogger(TrainingConsumer.class);

    private final ModelTrainer trainer;
    private final EngineLock engine;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public TrainingConsumer(ModelTrainer trainer, EngineLock engine) {
        this.trainer = trainer;
        this.engine = engine;
    }

    @Incoming("training")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        TrainingRequest request;
        try {
            request = Json.read(message.getPayload(), TrainingRequest.class);
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
                trainer.reject(request, reason);
            }
            return message.nack(new InvalidRequestException(reason));
        }
        try {
            engine.exclusively(request.modelId(), stopping::get, () -> trainer.train(request, stopping::get));
            return message.ack();
        } catch (WorkerStoppingException e) {
            LOG.info(e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "model %s could not be trained; it goes to the dead-letter topic", request.modelId());
            return message.nack(e);
        }
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping.set(true);
    }
}
