package dev.revive.model;

/**
 * Hard bounds of the contract, checked by {@link RequestValidator} on both sides of the topic.
 * Deployment-specific limits (upload size, pixel count) are configuration of the services.
 */
public final class Limits {
    public static final int MAX_ITERATIONS = 20_000;
    public static final int MAX_PROGRESS_EVERY = 10_000;
    public static final double MAX_LEARNING_RATE = 1.0;
    public static final double MAX_INPUT_NOISE = 1.0;
    /** Level width of the network at most; 512 already needs ~35 M parameters. */
    public static final int MAX_CHANNELS = 512;
    /** A day: the longest wall time a single optimisation may be given. */
    public static final int MAX_SECONDS = 86_400;
    /** Super-resolution factors, those of the paper. */
    public static final java.util.List<Integer> SCALES = java.util.List.of(2, 4, 8);
    /** A request's correlation id: printable ASCII, at most this long, so it fits a header, a log line and a key. */
    public static final int MAX_CORRELATION_ID_LENGTH = 128;
    /** Kafka's own limit on a topic name's length. */
    public static final int MAX_TOPIC_LENGTH = 249;
    /**
     * Objects one batch may hold, listed or under a prefix: its item pages and its status stay cheap to read, and a
     * larger archive is several batches (a prefix each).
     */
    public static final int MAX_BATCH_KEYS = 10_000;
    /** S3's own limit on key length. */
    public static final int MAX_KEY_LENGTH = 1024;
    /** Longest completion webhook URL, as browsers and proxies commonly accept. */
    public static final int MAX_WEBHOOK_LENGTH = 2048;

    /**
     * Default largest result, in pixels: 4096 x 4096. Larger than one optimisation may cover, which the worker
     * restores in blended tiles, so memory stays near one tile's; time grows with the area. A string, for config
     * defaults.
     */
    public static final String DEFAULT_MAX_PIXELS = "16777216";
    /** Default largest image file, for config defaults. */
    public static final String DEFAULT_MAX_IMAGE_SIZE = "50M";

    private Limits() {
    }
}
