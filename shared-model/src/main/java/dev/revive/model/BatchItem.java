package dev.revive.model;

/**
 * One object of a batch as its expansion found it, kept in the batch's item pages ({@link BatchKeys#items}).
 *
 * @param eTag    the object's ETag when listed; part of the job id, so a changed object makes a new job
 * @param output  where its result goes, under the batch's destination layout
 * @param skipped the job had already succeeded (an earlier run of the same batch) and was not queued again
 */
public record BatchItem(String key, String eTag, long size, String jobId, String output, boolean skipped) {
}
