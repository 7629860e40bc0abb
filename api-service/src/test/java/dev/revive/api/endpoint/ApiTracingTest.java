package dev.revive.api.endpoint;

import static dev.revive.api.endpoint.ApiTestSupport.PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.tracing.TraceHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A submission's trace: the server span, its store writes, and the traceparent on the request it publishes. */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1"))
class ApiTracingTest {
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aSubmissionContinuesTheCallersTraceOntoTheKafkaRecord() {
        spans.reset();
        String id = ApiTestSupport.upload(TestImages.encode("png", 16, 16), "denoise")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .post(PATH).then().statusCode(202).extract().path("id");

        SpanData server = serverSpan("POST /v1/restorations");
        assertEquals(CALLER_TRACE, server.getTraceId());
        assertEquals(CALLER_SPAN, server.getParentSpanId());
        assertEquals(202L, server.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code")));

        String traceparent = traceparent(id);
        assertTrue(traceparent.startsWith("00-" + CALLER_TRACE + "-" + server.getSpanId() + "-"), traceparent);

        List<SpanData> writes = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("store put"))
                .filter(s -> s.getTraceId().equals(CALLER_TRACE)).toList();
        assertFalse(writes.isEmpty(), "the input and the record are stored in the trace");
        assertTrue(writes.stream().allMatch(s -> s.getParentSpanId().equals(server.getSpanId())
                && s.getKind() == SpanKind.CLIENT));
    }

    @Test
    void aSubmissionWithoutOrWithAGarbledTraceparentStartsItsOwnTrace() {
        for (String header : new String[] {null, "00-garbage-" + "x".repeat(500)}) {
            spans.reset();
            var request = ApiTestSupport.upload(TestImages.encode("png", 16, 16), "denoise");
            if (header != null) {
                request.header("traceparent", header);
            }
            String id = request.post(PATH).then().statusCode(202).extract().path("id");
            SpanData server = serverSpan("POST /v1/restorations");
            assertFalse(server.getParentSpanContext().isValid(), "a root span");
            assertTrue(traceparent(id).startsWith("00-" + server.getTraceId() + "-" + server.getSpanId() + "-"));
        }
    }

    @Test
    void spanNamesHideIds() {
        spans.reset();
        io.restassured.RestAssured.given().get(PATH + "/0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f").then().statusCode(404);
        assertEquals(404L, serverSpan("GET /v1/restorations/{id}").getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code")));
    }

    private SpanData serverSpan(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
                .filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    private static String traceparent(String jobId) {
        ConsumerRecord<String, String> record = ApiTestSupport.published().stream()
                .filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
        Header header = record.headers().lastHeader(TraceHeaders.TRACEPARENT);
        assertTrue(header != null, "the record has a traceparent header");
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
