package dev.revive.api.messaging;

import dev.revive.tracing.TraceHeaders;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A keyed record that carries the current trace ({@code traceparent}), so the worker's spans join the request's. */
final class TracedRecords {
    private TracedRecords() {
    }

    static Message<Record<String, String>> of(String key, String value) {
        return Message.of(Record.of(key, value)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withHeaders(TraceHeaders.ofCurrent()).build());
    }
}
