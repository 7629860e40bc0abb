package dev.revive.worker.messaging;

import dev.revive.tracing.TraceHeaders;
import dev.revive.tracing.Traced;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The span of one consumed request, child of the trace its record's {@code traceparent} header names (the api's
 * HTTP request, or a pipeline's own), so one trace shows a job from its submission to its result.
 */
@ApplicationScoped
public class ConsumerSpans {
    private final Tracer tracer;

    public ConsumerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Opens the span of processing {@code message}; the caller closes it.
     *
     * @param name   e.g. "job denoise"
     * @param idName the attribute that names what is processed ("revive.job.id", "revive.model.id")
     */
    Traced open(Message<?> message, String name, String idName, String id) {
        var headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElse(null);
        var builder = tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceHeaders.extract(headers))
                .setAttribute(idName, id);
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> builder
                .setAttribute("messaging.destination.name", m.getTopic())
                .setAttribute("messaging.kafka.offset", m.getOffset()));
        return Traced.open(builder.startSpan());
    }
}
