package dev.revive.worker.messaging;

import dev.revive.logging.JobLogContext;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.MalformedMessageException;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Violation;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.tracing.Traced;
import dev.revive.worker.job.EngineLock;
import dev.revive.worker.job.JobRunner;
import dev.revive.model.Lane;
import dev.revive.worker.job.WorkerStoppingException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    private final ConsumerSpans spans;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private final String replyPrefix;

    public RequestConsumer(JobRunner runner, EngineLock engine, ConsumerSpans spans, WorkerConfig config) {
        this.spans = spans;
        this.runner = runner;
        this.engine = engine;
        this.replyPrefix = RequestValidator.requireReplyPrefix(config.replyTopicPrefix());
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
            request = Json.read(RequestEnvelope.unwrap(headers(message), message.getPayload()),
                    RestorationRequest.class);
        } catch (MalformedMessageException | InvalidRequestException e) {
            return message.nack(e);
        }
        if (request == null) {
            return message.nack(new InvalidRequestException("the message is empty"));
        }
        List<Violation> violations = RequestValidator.validate(request, replyPrefix);
        if (!violations.isEmpty()) {
            String reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            if (JobIds.isValid(request.jobId())) {
                runner.reject(keepingOnlyAValidReply(request), reason);
            }
            return message.nack(new InvalidRequestException(reason));
        }
        try (JobLogContext logged = JobLogContext.of(request.jobId());
                Traced traced = spans.open(message, "job " + request.task().wireName(), "revive.job.id",
                        request.jobId())) {
            return run(message, request, lane, traced);
        }
    }

    private CompletionStage<Void> run(Message<String> message, RestorationRequest request, Lane lane,
            Traced traced) {
        try {
            JobRecord done = engine.exclusively(request.jobId(), lane, stopping::get,
                    () -> runner.run(request, stopping::get));
            traced.span().setAttribute("revive.job.status", done.status().wireName());
            return message.ack();
        } catch (WorkerStoppingException e) {
            LOG.info(e.getMessage());
            traced.span().setAttribute("revive.job.status", "handed-back");
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            traced.failed(e);
            LOG.errorf(e, "job %s could not be processed; it goes to the dead-letter topic", request.jobId());
            return message.nack(e);
        }
    }

    /**
     * A refused request's correlation id and reply topic, each only if it is valid itself: the failure still reaches
     * a pipeline that asked properly, and nothing a hostile producer wrote is stored or written to.
     */
    private RestorationRequest keepingOnlyAValidReply(RestorationRequest request) {
        String correlationId = RequestValidator.isValidCorrelationId(request.correlationId())
                ? request.correlationId() : null;
        String replyTo = RequestValidator.isAllowedReplyTopic(request.replyTo(), replyPrefix) ? request.replyTo()
                : null;
        return request.withReply(correlationId, replyTo);
    }

    private static Headers headers(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getHeaders())
                .orElseGet(RecordHeaders::new);
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping.set(true);
    }
}
