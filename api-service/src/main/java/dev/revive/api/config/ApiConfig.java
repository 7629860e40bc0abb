package dev.revive.api.config;

import dev.revive.model.Limits;
import dev.revive.model.Topics;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Limits and behaviour of the public API. */
@ConfigMapping(prefix = "revive.api")
public interface ApiConfig {

    /** Largest accepted image file. Larger uploads are refused with 413 before they are read. */
    @WithDefault(Limits.DEFAULT_MAX_IMAGE_SIZE)
    MemorySize maxUploadSize();

    /** Largest accepted image in pixels (width x height); see {@link Limits#DEFAULT_MAX_PIXELS}. */
    @WithDefault(Limits.DEFAULT_MAX_PIXELS)
    long maxPixels();

    /** How long a submission waits for the broker to acknowledge the request before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** How often a server-sent event stream looks at its job's record for changes. */
    @WithDefault("1s")
    Duration watchInterval();

    /** Buckets besides Revive's own from which a request may reference an input object. */
    Optional<List<String>> readableBuckets();

    /**
     * API keys by name, each given as the lower-case hex SHA-256 of the key, so the configuration never holds a
     * key itself. With none, the API is open, as on a developer's machine.
     */
    Map<String, String> keys();

    /**
     * How many jobs one API key may have queued or running at once; more are refused with 429 until one
     * finishes. Applies only when keys are configured.
     */
    @WithDefault("20")
    int maxActiveJobsPerKey();

    /**
     * Requests may name a reply topic ({@code replyTo}) only under this prefix, the same rule the workers apply, so a
     * client is told at once rather than its job failing later; set both services alike.
     */
    @WithDefault(Topics.REPLY_PREFIX)
    String replyTopicPrefix();
}
