package dev.revive.worker.messaging;

import dev.revive.model.JobEvent;
import dev.revive.model.Json;
import dev.revive.tracing.TraceHeaders;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes job events keyed by job id, with the job's trace context in a {@code traceparent} header, waiting for
 * the broker so that a final event is durable before the ack.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<Record<String, String>> events;

    public EventPublisher(@Channel("events") MutinyEmitter<Record<String, String>> events) {
        this.events = events;
    }

    /** @throws EventPublishException when the broker did not acknowledge the event in time */
    public void publish(JobEvent event) {
        try {
            events.sendMessage(Message.of(Record.of(event.jobId(), Json.write(event)))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(TraceHeaders.ofCurrent()).build()))
                    .await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw new EventPublishException("event " + event.eventId() + " was not published: " + e.getMessage(), e);
        }
    }
}
