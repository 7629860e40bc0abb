package dev.revive.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The trace context on a Kafka record, as W3C {@code traceparent} (and {@code tracestate}) headers, so that a job's
 * spans in the worker join the trace of the HTTP request that queued it, and a pipeline can do the same.
 */
public final class TraceHeaders {
    /** The W3C header that carries trace id, parent span id and flags. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header last = headers.lastHeader(key);
            return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceHeaders() {
    }

    /** Headers carrying the current span, for a record about to be published. */
    public static Headers ofCurrent() {
        Headers headers = new RecordHeaders();
        inject(Context.current(), headers);
        return headers;
    }

    /** Writes {@code context}'s span (if any) onto {@code headers}. */
    public static void inject(Context context, Headers headers) {
        W3CTraceContextPropagator.getInstance().inject(context, headers, SETTER);
    }

    /** The context a record's headers carry, under {@link Context#root()}; root when they carry none or garbage. */
    public static Context extract(Headers headers) {
        return headers == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    }
}
