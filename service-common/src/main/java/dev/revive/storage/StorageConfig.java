package dev.revive.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where inputs, results and job records live: any S3-compatible store (MinIO, S3Proxy, AWS S3). */
@ConfigMapping(prefix = "revive.storage")
public interface StorageConfig {
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("revive")
    String bucket();

    @WithDefault("us-east-1")
    String region();

    /** Create the bucket at start-up when it is missing; production installs usually provision it instead. */
    @WithDefault("true")
    boolean createBucket();

    /** How long the readiness check waits for the store before it reports it down. */
    @WithDefault("2s")
    Duration healthTimeout();
}
