package dev.revive.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The OpenTelemetry SDK of either service, built by hand: the Quarkus extension is not to be had for the platform
 * version. W3C {@code traceparent} propagation, every trace sampled, spans exported as {@link TracingConfig} says;
 * any {@link SpanExporter} bean is added too, which is how tests collect spans.
 */
@Dependent
public class TracingProducer {
    private static final Logger LOG = Logger.getLogger(TracingProducer.class);
    /** The instrumentation scope of Revive's own spans. */
    static final String SCOPE = "dev.revive";

    @Produces
    @Singleton
    OpenTelemetry openTelemetry(TracingConfig config, @Any Instance<SpanExporter> extra) {
        return create(config, extra);
    }

    /** The SDK as configured, with {@code extra} exporters fed span by span. */
    public static OpenTelemetry create(TracingConfig config, Iterable<? extends SpanExporter> extra) {
        if (!config.enabled()) {
            return OpenTelemetry.noop();
        }
        SdkTracerProviderBuilder tracers = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))));
        Optional<String> endpoint = config.otlpEndpoint()
                .or(() -> Optional.ofNullable(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")))
                .filter(url -> !url.isBlank());
        String exporter = config.exporter().map(e -> e.toLowerCase(Locale.ROOT))
                .orElse(endpoint.isPresent() ? "otlp" : "none");
        switch (exporter) {
            case "otlp" -> {
                String base = endpoint.orElseThrow(() -> new IllegalArgumentException(
                        "revive.tracing.exporter=otlp needs revive.tracing.otlp-endpoint or OTEL_EXPORTER_OTLP_ENDPOINT"));
                String traces = base.replaceAll("/+$", "") + "/v1/traces";
                tracers.addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(traces).build()).build());
                LOG.infof("tracing: spans go to %s", traces);
            }
            case "logging" -> tracers.addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()));
            case "none" -> LOG.debug("tracing: spans are carried but not exported");
            default -> throw new IllegalArgumentException("revive.tracing.exporter must be otlp, logging or none, not '"
                    + exporter + "'");
        }
        extra.forEach(e -> tracers.addSpanProcessor(SimpleSpanProcessor.create(e)));
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracers.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /** Spans still buffered are exported before the service stops. */
    void close(@Disposes OpenTelemetry openTelemetry) {
        if (openTelemetry instanceof OpenTelemetrySdk sdk) {
            sdk.close();
        }
    }

    @Produces
    @Singleton
    Tracer tracer(OpenTelemetry openTelemetry) {
        return openTelemetry.getTracer(SCOPE);
    }
}
