package dev.revive.model;

/** Kafka topic names. Both services and outside integrators take them from here. */
public final class Topics {
    /** Restoration requests, keyed by job id. Its partition count is the ceiling on busy workers. */
    public static final String REQUESTS = "revive.restoration.requests";
    /**
     * Bulk restoration requests (archive batches, uploads announced by the store), keyed by job id, in the same
     * format as {@link #REQUESTS}. A worker consumes both and starts interactive work first whenever both wait.
     */
    public static final String REQUESTS_BULK = "revive.restoration.requests.bulk";

    /** Bulk requests that can never be processed, with the reason in the record headers. */
    public static final String REQUESTS_BULK_DEAD_LETTER = "revive.restoration.requests.bulk.dead-letter";

    /**
     * Archive batches to expand ({@link BatchRequest}), keyed by batch id, consumed by the api itself: a batch
     * accepted by one replica is expanded by whichever replica holds it, and one stopped mid-way goes on from the
     * cursor in its record.
     */
    public static final String BATCHES = "revive.batches";

    /** Batch requests that could not be read, with the reason in the record headers. */
    public static final String BATCHES_DEAD_LETTER = "revive.batches.dead-letter";

    /** Job events (running, progress, succeeded, failed), keyed by job id so one job's events stay ordered. */
    public static final String EVENTS = "revive.restoration.events";

    /** Requests to train a denoiser on a collection ({@link TrainingRequest}), keyed by model id. */
    public static final String TRAINING = "revive.models.training";

    /** Requests to register a user's own SavedModel ({@link ImportRequest}), keyed by model id. */
    public static final String IMPORTS = "revive.models.imports";

    /** Import requests that can never be processed, with the reason in the record headers. */
    public static final String IMPORTS_DEAD_LETTER = "revive.models.imports.dead-letter";

    /** Requests that can never be processed (unreadable, invalid), with the reason in the record headers. */
    public static final String REQUESTS_DEAD_LETTER = "revive.restoration.requests.dead-letter";

    /** Training requests that can never be processed, with the reason in the record headers. */
    public static final String TRAINING_DEAD_LETTER = "revive.models.training.dead-letter";

    /**
     * New objects in the store, announced by MinIO's bucket notifications in the S3 event format
     * ({@link StorageNotification}); the api turns images under the ingest prefix into restorations.
     */
    public static final String STORAGE_NOTIFICATIONS = "revive.storage.notifications";

    /** Notifications that could not be read, with the reason in the record headers. */
    public static final String STORAGE_NOTIFICATIONS_DEAD_LETTER = "revive.storage.notifications.dead-letter";

    /**
     * The default prefix of the topics a request may name in {@code replyTo}: producers get their final events there,
     * and cannot point the worker at Revive's own topics or anyone else's. Deployments may choose another.
     */
    public static final String REPLY_PREFIX = "replies.";

    /** Revive's own topics (all of the above) and Kafka's internal ones: never a reply topic, whatever the prefix. */
    public static boolean isReserved(String topic) {
        return topic.startsWith("revive.") || topic.startsWith("__");
    }

    private Topics() {
    }
}
