package dev.revive.worker.messaging;

import dev.revive.model.CloudEvents;
import dev.revive.model.JobEvent;
import dev.revive.model.Json;
import dev.revive.model.Schemas;
import dev.revive.tracing.TraceHeaders;
import dev.revive.worker.config.WorkerConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes job events keyed by job id as binary-mode CloudEvents (the value stays the event's JSON) with the job's
 * trace context in a {@code traceparent} header, waiting for the broker so that a final event is durable before the
 * ack. Replies go through a channel of their own, so a reply topic that is slow or missing never holds up the events
 * of other jobs.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final URI DATA_SCHEMA = URI.create(Schemas.JOB_EVENT_ID);

    private final MutinyEmitter<String> events;
    private final MutinyEmitter<String> replies;
    private final Duration replyTimeout;

    public EventPublisher(@Channel("events") MutinyEmitter<String> events,
            @Channel("replies") MutinyEmitter<String> replies, WorkerConfig config) {
        this.events = events;
        this.replies = replies;
        this.replyTimeout = config.replyTimeout();
    }

    /** @throws EventPublishException when the broker did not acknowledge the event in time */
    public void publish(JobEvent event) {
        try {
            events.sendMessage(cloudEvent(event, null)).await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw new EventPublishException("event " + event.eventId() + " was not published: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a copy of a final event to the topic the request named. The events topic and the job record are the
     * contract of record, already written when this runs, so a reply that fails is logged and the job stands.
     *
     * @return whether the broker acknowledged the reply within {@code revive.worker.reply-timeout}
     */
    public boolean reply(JobEvent event, String topic) {
        try {
            replies.sendMessage(cloudEvent(event, topic)).await().atMost(replyTimeout);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("job %s: the reply %s to topic %s was not delivered: %s", event.jobId(), event.eventId(), topic,
                    e);
            return false;
        }
    }

    /** The event as the Kafka binding's binary mode has it: ce_ headers for the attributes, the JSON as the value. */
    static Message<String> cloudEvent(JobEvent event, String topic) {
        OutgoingCloudEventMetadata<String> attributes = OutgoingCloudEventMetadata.<String>builder()
                .withId(event.eventId())
                .withType(event.status().eventType())
                .withSource(CloudEvents.workerSource(event.workerId()))
                .withSubject(event.jobId())
                .withTimestamp(event.time().atZone(ZoneOffset.UTC))
                .withDataContentType(CloudEvents.JSON)
                .withDataSchema(DATA_SCHEMA)
                .build();
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> record = OutgoingKafkaRecordMetadata
                .<String>builder().withKey(event.jobId())
                .withHeaders(TraceHeaders.ofCurrent());
        if (topic != null) {
            record.withTopic(topic);
        }
        return Message.of(Json.write(event)).addMetadata(attributes).addMetadata(record.build());
    }
}
