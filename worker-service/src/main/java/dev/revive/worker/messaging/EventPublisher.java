package dev.revive.worker.messaging;

import dev.revive.model.JobEvent;
import dev.revive.model.Json;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes job events keyed by job id, waiting for the broker so that a final event is durable before the ack. */
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
            events.send(Record.of(event.jobId(), Json.write(event))).await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw new EventPublishException("event " + event.eventId() + " was not published: " + e.getMessage(), e);
        }
    }
}
