package dev.revive.worker.config;

import dev.revive.model.Limits;
import dev.revive.model.Topics;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "revive.worker")
public interface WorkerConfig {
    /** The property that picks the engine, for the beans that are looked up by it. */
    String ENGINE = "revive.worker.engine";

    /**
     * {@code dip} restores for real; {@code simulated} only takes {@link #simulatedStepTime()} per iteration,
     * for measuring the pipeline (scaling, load) without the engine's cost.
     */
    @WithDefault("dip")
    String engine();

    @WithDefault("10ms")
    Duration simulatedStepTime();

    /**
     * Arithmetic of the engine on CPU: {@code auto} runs bfloat16 mixed precision where the CPU multiplies
     * bf16 natively (AMX or AVX-512 bf16) and float32 elsewhere; {@code float32} or {@code bfloat16} force
     * one. The averaged output stays float32.
     */
    @WithDefault("auto")
    CpuPrecision cpuPrecision();

    /** See {@link #cpuPrecision()}. */
    enum CpuPrecision {
        AUTO, FLOAT32, BFLOAT16
    }

    /** Names this worker in events and logs; defaults to host name and process id. */
    Optional<String> id();

    /**
     * Largest image the worker will restore. The api checks this too, but anyone may produce to the request
     * topic, so the worker protects its own memory.
     */
    @WithDefault(Limits.DEFAULT_MAX_PIXELS)
    long maxPixels();

    @WithDefault(Limits.DEFAULT_MAX_IMAGE_SIZE)
    MemorySize maxImageSize();

    /** Progress is written to the job record at most this often (every progress event still goes to Kafka). */
    @WithDefault("2s")
    Duration recordInterval();

    /** How often a running job looks for a cancellation request (one HEAD request to the store each time). */
    @WithDefault("2s")
    Duration cancelCheckInterval();

    /**
     * The longest wall time one optimisation may take; a request's own {@code maxSeconds} can only shorten it.
     * At the cap the current estimate is the result, so a job always ends with a photo.
     */
    @WithDefault("2h")
    Duration maxJobTime();

    /**
     * Output pixels one optimisation may cover; larger results are restored in overlapping tiles of about this
     * many pixels, blended without seams. 512 x 512 keeps the reference network near 3 GB of memory.
     */
    @WithDefault("262144")
    long tilePixels();

    /** Pixels neighbouring tiles share, over which their results are blended. */
    @WithDefault("32")
    int tileOverlap();

    /**
     * Requests may name a reply topic only under this prefix; the worker will not write anywhere else for them (and
     * never to Revive's own or Kafka's internal topics, whatever the prefix).
     */
    @WithDefault(Topics.REPLY_PREFIX)
    String replyTopicPrefix();

    /** How long a final event's copy to a reply topic may take before the worker gives up on it and moves on. */
    @WithDefault("10s")
    Duration replyTimeout();

    /** How often the queue lag of each lane (revive_worker_queue_lag_records) is measured. */
    @WithDefault("5s")
    Duration lagInterval();

    Retry retry();

    Models models();

    Webhook webhook();

    /** Completion webhooks: where they may point, how they are signed and retried (README, "Completion webhook"). */
    interface Webhook {
        /** The HMAC-SHA256 key of the {@code Revive-Signature} header; without one deliveries go unsigned. */
        Optional<String> secret();

        /** Call plain http URLs too; https only by default. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Address blocks (CIDR, or single addresses) that webhooks may reach although they are loopback, private,
         * link-local or otherwise refused, e.g. {@code 10.20.0.0/16} for an in-house receiver.
         */
        Optional<java.util.List<String>> allowedNetworks();

        /** Tries of one delivery, the first included. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("1s")
        Duration backoff();

        @WithDefault("1m")
        Duration maxBackoff();

        /** For connecting and for the answer, per try. */
        @WithDefault("5s")
        Duration timeout();

        /** Deliveries pending at most (waiting for a try or a retry); more are dropped, logged and counted. */
        @WithDefault("1000")
        int queueSize();
    }

    /** Denoisers trained on a collection ({@code POST /v1/models}) and served by id ({@code method: model}). */
    interface Models {
        /**
         * Images one training reads at most, the first in key order; all are held in memory while it trains, each
         * within {@link WorkerConfig#maxPixels()} and {@link WorkerConfig#maxImageSize()}.
         */
        @WithDefault("200")
        int maxImages();

        /** Where served models' files are downloaded, one directory per model id; default: under java.io.tmpdir. */
        Optional<java.nio.file.Path> cacheDir();

        /** Loaded denoisers kept for the next request; the least recently used is closed beyond this. */
        @WithDefault("2")
        int loaded();

        /**
         * Training steps between checkpoints in the store, from which a redelivered training goes on instead of
         * starting over; 0 for none by count (the interval still applies).
         */
        @WithDefault("500")
        int checkpointEvery();

        /** Wall time between checkpoints, whatever the step count: what a stopped worker loses at most. */
        @WithDefault("5m")
        Duration checkpointInterval();

        /** Bytes an imported SavedModel ({@code POST /v1/models/imports}) may hold in all; larger ones are refused. */
        @WithDefault("1G")
        MemorySize importMaxSize();

        /** Files an imported SavedModel may hold; a prefix with more is refused before any is copied. */
        @WithDefault("1000")
        int importMaxFiles();
    }

    /**
     * Retries of a job that failed for a reason that may pass: the store or the broker away, an engine failure.
     * Waits double from {@code backoff} up to {@code max-backoff}; after {@code max-attempts} an engine failure
     * is recorded as failed, and a job the store or broker still refuses goes to the dead-letter topic.
     */
    interface Retry {
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("2s")
        Duration backoff();

        @WithDefault("1m")
        Duration maxBackoff();
    }
}
