package dev.revive.model;

import java.time.Instant;

/**
 * The durable state of an archive batch, at {@link BatchKeys#record()}. The api writes it before publishing the
 * batch and moves the cursor on after each page of items is queued, so an expansion stopped by a restart goes on
 * where it was. Progress counts are not kept here: they are read from the jobs' own records, the one source of
 * truth for each job's state.
 *
 * @param destination the layout results are written to ({@link DestinationLayout})
 * @param cursor      the last source key expanded (prefix sources), null before the first page
 * @param items       how many items the pages written so far hold
 * @param pages       how many item pages have been written
 * @param truncated   the prefix held more objects than a batch may have; the first ones in key order were taken
 */
public record BatchRecord(
        int schemaVersion,
        String batchId,
        String owner,
        BatchSource source,
        Task task,
        Method method,
        String model,
        RestorationOptions options,
        String destination,
        BatchStatus status,
        String cursor,
        int items,
        int pages,
        boolean truncated,
        Instant createdAt,
        Instant expandedAt,
        Instant cancelledAt) {

    public static final int SCHEMA_VERSION = 1;

    public static BatchRecord expanding(String batchId, String owner, BatchSource source, Task task, Method method,
            String model, RestorationOptions options, String destination, Instant now) {
        return new BatchRecord(SCHEMA_VERSION, batchId, owner, source, task, method, model, options, destination,
                BatchStatus.EXPANDING, null, 0, 0, false, now, null, null);
    }

    /**
     * The source expanded up to key {@code last}, with a page of {@code count} items written (none when every object
     * listed was passed over, not being an image).
     */
    public BatchRecord pageWritten(int count, String last) {
        return new BatchRecord(schemaVersion, batchId, owner, source, task, method, model, options, destination,
                status, last, items + count, pages + (count > 0 ? 1 : 0), truncated, createdAt, expandedAt,
                cancelledAt);
    }

    /** Every item is queued (or skipped): from now on the jobs' records tell the progress. */
    public BatchRecord expanded(boolean cut, Instant now) {
        return new BatchRecord(schemaVersion, batchId, owner, source, task, method, model, options, destination,
                BatchStatus.RUNNING, cursor, items, pages, cut, createdAt, now, cancelledAt);
    }

    public BatchRecord cancelled(Instant now) {
        return new BatchRecord(schemaVersion, batchId, owner, source, task, method, model, options, destination,
                BatchStatus.CANCELLED, cursor, items, pages, truncated, createdAt, expandedAt, now);
    }
}
