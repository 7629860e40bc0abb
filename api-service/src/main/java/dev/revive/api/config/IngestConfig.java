package dev.revive.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Which new objects in the store become restorations on their own, and how they are restored. */
@ConfigMapping(prefix = "revive.api.ingest")
public interface IngestConfig {

    /** Only objects under this prefix (MinIO's notification is set up for the same one). */
    @WithDefault("incoming/")
    String prefix();

    /** Only objects whose key ends with one of these, ignoring case: images, not sidecar files. */
    @WithDefault(".png,.jpg,.jpeg,.tif,.tiff")
    List<String> suffixes();

    /** The task every ingested photo gets; one that needs no second image (denoise, dejpeg, super-resolve). */
    @WithDefault("denoise")
    String task();

    /** The method, as the API's {@code method}; Deep Image Prior when absent. */
    Optional<String> method();

    /** The options, as the API's {@code options} JSON object; the task's defaults when absent. */
    Optional<String> options();
}
