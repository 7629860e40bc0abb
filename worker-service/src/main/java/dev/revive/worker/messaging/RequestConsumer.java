package dev.revive.worker.messaging;

import dev.revive.logging.JobLogContext;
import dev.revive.model.JobIds;
import dev.revive.model.Json;
import dev.revive.model.MalformedMessageException;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Violation;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.JobRunner;
import dev.revive.worker.job.Lane;
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
 * Takes requests one at a time. A job may run for hours, so the record is acknowledged only when the job's
 * outcome is durable; the connector keeps polling meanwhile (partitions paused), which keeps this worker
 * in its group, and the throttled commit's age check is off (see application.properties). Requests come in two
 * lanes, interactive and bulk, each its own channel taking one record at a time; the engine lock starts an
 * interactive job first whenever both wait, so at most one bulk job per worker stands in a person's way.
 */
@ApplicationScoped
public class RequestConsumer {
    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);

    private final JobRunner runner;
    private final EngineLock engine;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public RequestConsumer(JobRunner runner, EngineLock engine) {
        this.runner = runner;
        this.engine = engine;
    }

    @Incoming("requests")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return handle(message, Lane.INTERACTIVE);
    }

    /** Archive batches and uploads announced by the store: the same requests, started after interactive ones. */
    @Incoming("bulk")
    @Blocking
    public CompletionStage<Void> consumeBulk(Message<String> message) {
        return handle(message, Lane.BULK);
    }

    private CompletionStage<Void> handle(Message<String> message, Lane lane) {
        RestorationRequest request;
        try {
            request = Json.read(message.getPayload(), RestorationRequest.class);
        } catch (MalformedMessageException e) {
            return message.nack(e);
        }
        if (request == null) {
            return message.nack(new InvalidRequestException("the message is empty"));
        }
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            String reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            if (JobIds.isValid(request.jobId())) {
                runner.reject(request, reason);
            }
            return message.nack(new InvalidRequestException(reason));
        }
        try (JobLogContext logged = JobLogContext.of(request.jobId())) {
            return run(message, request, lane);
        }
    }

    private CompletionStage<Void> run(Message<String> message, RestorationRequest request, Lane lane) {
        try {
            engine.exclusively(request.jobId(), lane, stopping::get, () -> runner.run(request, stopping::get));
            return message.ack();
        } catch (WorkerStoppingException e) {
            LOG.info(e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s could not be processed; it goes to the dead-letter topic", request.jobId());
            return message.nack(e);
        }
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping.set(true);
    }
}
