package dev.revive.model;

/**
 * A batch to expand, on {@link Topics#BATCHES}: the api publishes it once the batch record is stored, and a
 * replica consumes it to turn the source into jobs. What to restore is in the record ({@link BatchKeys#record()}),
 * so the message only names the batch. Specified by {@code schemas/batch-request.v1.json}.
 */
public record BatchRequest(int schemaVersion, String batchId) {
    public static final int SCHEMA_VERSION = 1;

    public static BatchRequest of(String batchId) {
        return new BatchRequest(SCHEMA_VERSION, batchId);
    }
}
