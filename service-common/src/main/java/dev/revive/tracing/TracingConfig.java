package dev.revive.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the services' spans go (README, "Tracing"). */
@ConfigMapping(prefix = "revive.tracing")
public interface TracingConfig {
    /** Off: no spans and no trace context carried; on, spans are made and carried whether exported or not. */
    @WithDefault("true")
    boolean enabled();

    /**
     * {@code otlp} (http/protobuf to {@link #otlpEndpoint()}), {@code logging} (one log line per span) or
     * {@code none}; when unset, {@code otlp} if an endpoint is configured, else {@code none}.
     */
    Optional<String> exporter();

    /**
     * The collector's OTLP/HTTP base URL, e.g. {@code http://otel-collector:4318}; spans go to {@code /v1/traces}
     * under it. Falls back to the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT} environment variable.
     */
    Optional<String> otlpEndpoint();

    /** The {@code service.name} of the spans. */
    @WithDefault("revive")
    String serviceName();
}
