package dev.revive.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** The SDK as the services build it: W3C context on Kafka headers, ids in the log context, OTLP export. */
class TracingTest {

    static TracingConfig config(Optional<String> exporter, Optional<String> endpoint) {
        return new TracingConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<String> exporter() {
                return exporter;
            }

            @Override
            public Optional<String> otlpEndpoint() {
                return endpoint;
            }

            @Override
            public String serviceName() {
                return "revive-test";
            }
        };
    }

    @Test
    void aSpanCrossesKafkaHeadersAndItsChildJoinsTheTrace() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetry otel = TracingProducer.create(config(Optional.of("none"), Optional.empty()), List.of(spans));
        Tracer tracer = otel.getTracer("test");
        RecordHeaders headers = new RecordHeaders();
        Span sent = tracer.spanBuilder("publish").startSpan();
        try (Traced traced = Traced.open(sent)) {
            assertEquals(sent.getSpanContext().getTraceId(), MDC.get(Traced.TRACE_ID));
            TraceHeaders.inject(Context.current(), headers);
        }
        assertEquals(null, MDC.get(Traced.TRACE_ID), "the log context is restored");
        String traceparent = new String(headers.lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8);
        String prefix = "00-" + sent.getSpanContext().getTraceId() + "-" + sent.getSpanContext().getSpanId() + "-";
        assertTrue(traceparent.startsWith(prefix), traceparent);
        assertEquals(1, Integer.parseInt(traceparent.substring(prefix.length()), 16) & 1, "sampled: " + traceparent);

        Context received = TraceHeaders.extract(headers);
        Span job = tracer.spanBuilder("job").setParent(received).startSpan();
        job.end();
        SpanData jobData = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("job")).findFirst()
                .orElseThrow();
        assertEquals(sent.getSpanContext().getTraceId(), jobData.getTraceId());
        assertEquals(sent.getSpanContext().getSpanId(), jobData.getParentSpanId());
        assertEquals("revive-test", jobData.getResource().getAttribute(
                io.opentelemetry.api.common.AttributeKey.stringKey("service.name")));
        ((OpenTelemetrySdk) otel).close();
    }

    @Test
    void headersWithoutOrWithGarbageContextStartANewTrace() {
        assertFalse(Span.fromContext(TraceHeaders.extract(new RecordHeaders())).getSpanContext().isValid());
        assertFalse(Span.fromContext(TraceHeaders.extract(null)).getSpanContext().isValid());
        RecordHeaders garbage = new RecordHeaders();
        for (String bad : List.of("nonsense", "00-00000000000000000000000000000000-0000000000000000-01",
                "00-" + "z".repeat(32) + "-" + "1".repeat(16) + "-01", "x".repeat(10_000))) {
            garbage.remove(TraceHeaders.TRACEPARENT);
            garbage.add(TraceHeaders.TRACEPARENT, bad.getBytes(StandardCharsets.UTF_8));
            SpanContext extracted = Span.fromContext(TraceHeaders.extract(garbage)).getSpanContext();
            assertFalse(extracted.isValid(), bad);
        }
    }

    @Test
    void spansAreExportedOverOtlpHttpToTheConfiguredCollector() throws Exception {
        LinkedBlockingQueue<String> posts = new LinkedBlockingQueue<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.length);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/";
            OpenTelemetry otel = TracingProducer.create(config(Optional.empty(), Optional.of(endpoint)), List.of());
            otel.getTracer("test").spanBuilder("exported").startSpan().end();
            ((OpenTelemetrySdk) otel).close();
            String post = posts.poll(20, TimeUnit.SECONDS);
            assertTrue(post != null && post.startsWith("POST /v1/traces application/x-protobuf "), post);
            assertTrue(Integer.parseInt(post.substring(post.lastIndexOf(' ') + 1)) > 0, post);
        } finally {
            collector.stop(0);
        }
    }
}
