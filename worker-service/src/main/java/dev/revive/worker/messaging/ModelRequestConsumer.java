package dev.revive.worker.messaging;

import dev.revive.model.JobIds;
import dev.revive.model.Json;
import dev.revive.model.MalformedMessageException;
import dev.revive.model.Violation;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.tracing.Traced;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.WorkerStoppingException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How a request about one model (a training, an import) is consumed: one at a time under the engine lock like a
 * restoration, acknowledged once the model's record is final. Unreadable or invalid requests go to the dead-letter
 * topic, and a valid model id among them gets a failed record. A request stopped on shutdown is not acknowledged,
 * so it comes again.
 *
 * @param <R> the request's message type
 */
abstract class ModelRequestConsumer<R> {
    private static final Logger LOG = Logger.getLogger(ModelRequestConsumer.class);

    private final Class<R> type;
    private final String done;
    private final EngineLock engine;
    private final ConsumerSpans spans;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** @param done what the model is when the request succeeds ("trained"), for the log */
    ModelRequestConsumer(Class<R> type, String done, EngineLock engine, ConsumerSpans spans) {
        this.spans = spans;
        this.type = type;
        this.done = done;
        this.engine = engine;
    }

    abstract String modelId(R request);

    abstract List<Violation> violations(R request);

    /** Records a request that can never run as failed, with {@code reason}. */
    abstract void reject(R request, String reason);

    /** Runs a valid request to the model's final record. */
    abstract void run(R request, CancellationSignal stop);

    CompletionStage<Void> handle(Message<String> message) {
        R request;
        try {
            request = Json.read(message.getPayload(), type);
        } catch (MalformedMessageException e) {
            return message.nack(e);
        }
        if (request == null) {
            return message.nack(new InvalidRequestException("the message is empty"));
        }
        List<Violation> violations = violations(request);
        if (!violations.isEmpty()) {
            String reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            if (JobIds.isValid(modelId(request))) {
                reject(request, reason);
            }
            return message.nack(new InvalidRequestException(reason));
        }
        try (Traced traced = spans.open(message, "model " + done, "revive.model.id", modelId(request))) {
            return run(message, request, traced);
        }
    }

    private CompletionStage<Void> run(Message<String> message, R request, Traced traced) {
        try {
            engine.exclusively(modelId(request), stopping::get, () -> {
                run(request, stopping::get);
                return null;
            });
            return message.ack();
        } catch (WorkerStoppingException e) {
            LOG.info(e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            traced.failed(e);
            LOG.errorf(e, "model %s could not be %s; it goes to the dead-letter topic", modelId(request), done);
            return message.nack(e);
        }
    }

    /** Called by the subclass's shutdown observer: a running request stops and is handed back. */
    void stop() {
        stopping.set(true);
    }
}
