package dev.revive.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.jboss.logging.MDC;

/**
 * A span made current on this thread until closed, with its trace and span ids on every log line meanwhile
 * ({@code traceId}, {@code spanId} in the JSON logs), so a trace and its log lines find each other.
 */
public final class Traced implements AutoCloseable {
    /** The log fields (MDC keys) of the current trace and span. */
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final Span span;
    private final Scope scope;
    private final Object previousTrace;
    private final Object previousSpan;

    private Traced(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        this.previousTrace = MDC.get(TRACE_ID);
        this.previousSpan = MDC.get(SPAN_ID);
        SpanContext context = span.getSpanContext();
        if (context.isValid()) {
            MDC.put(TRACE_ID, context.getTraceId());
            MDC.put(SPAN_ID, context.getSpanId());
        }
    }

    /** Makes a started span current; closing this ends it. */
    public static Traced open(Span span) {
        return new Traced(span);
    }

    public Span span() {
        return span;
    }

    /** Marks the span failed with {@code error}; it still ends on close. */
    public void failed(Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getMessage());
    }

    @Override
    public void close() {
        restore(TRACE_ID, previousTrace);
        restore(SPAN_ID, previousSpan);
        scope.close();
        span.end();
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
