package dev.revive.model;

/**
 * The object keys of one archive batch. Its jobs keep their own folders ({@link JobKeys}); the batch holds its
 * record and the list of its items, written page by page as the source is expanded.
 */
public record BatchKeys(String batchId) {
    private static final String PREFIX = "batches/";

    public BatchKeys {
        JobIds.requireValid(batchId);
    }

    public static BatchKeys of(String batchId) {
        return new BatchKeys(batchId);
    }

    /** The batch's folder. */
    public String prefix() {
        return PREFIX + batchId + "/";
    }

    /** The batch record (JSON): what to restore, how far the expansion got, whether it was cancelled. */
    public String record() {
        return prefix() + "batch.json";
    }

    /** Present once someone asked to cancel the batch; a marker, like a job's, so no record write can undo it. */
    public String cancellation() {
        return prefix() + "cancel";
    }

    /** Where the item pages lie, in order. */
    public String itemsPrefix() {
        return prefix() + "items/";
    }

    /** The {@code page}th page of items (source key, ETag, job id), zero-padded so listing keeps their order. */
    public String items(int page) {
        return itemsPrefix() + String.format("%06d.json", page);
    }
}
