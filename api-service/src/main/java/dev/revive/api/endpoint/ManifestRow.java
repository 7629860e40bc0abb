package dev.revive.api.endpoint;

import dev.revive.api.job.BatchItemState;
import dev.revive.model.BatchItem;
import dev.revive.model.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One object of a batch in its manifest. {@code status} is the job's ({@code queued}, {@code running},
 * {@code succeeded}, {@code failed}, {@code cancelled}); {@code skipped} says it had succeeded in an earlier run, whose
 * result it reports. {@code iterations} and {@code stoppedBy} say where the optimisation stopped; there is no PSNR
 * gain, since no clean original exists to measure it against.
 */
public record ManifestRow(
        String sourceKey,
        String eTag,
        String jobId,
        String status,
        boolean skipped,
        String resultKey,
        String errorCode,
        String error,
        Integer iterations,
        String stoppedBy,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Double seconds) {

    static final List<String> COLUMNS = List.of("sourceKey", "eTag", "jobId", "status", "skipped", "resultKey",
            "errorCode", "error", "iterations", "stoppedBy", "queuedAt", "startedAt", "finishedAt", "seconds");

    static ManifestRow of(BatchItemState state) {
        BatchItem item = state.item();
        JobRecord job = state.job();
        if (job == null) {
            return new ManifestRow(item.key(), item.eTag(), item.jobId(), "unknown", item.skipped(), null, null,
                    null, null, null, null, null, null, null);
        }
        boolean hasResult = job.result() != null;
        Double seconds = job.startedAt() == null || job.finishedAt() == null ? null
                : Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0;
        return new ManifestRow(item.key(), item.eTag(), item.jobId(), job.status().wireName(), item.skipped(),
                hasResult ? job.result().object().key() : null,
                job.error() == null ? null : job.error().code().wireName(),
                job.error() == null ? null : job.error().message(),
                hasResult ? job.result().iterations() : null,
                hasResult && job.result().stoppedBy() != null ? job.result().stoppedBy().wireName() : null,
                job.createdAt(), job.startedAt(), job.finishedAt(), seconds);
    }

    /** The row's cells in {@link #COLUMNS} order, empty for what is unknown. */
    List<String> cells() {
        return java.util.Arrays.asList(sourceKey, eTag, jobId, status, String.valueOf(skipped), text(resultKey),
                text(errorCode), text(error), text(iterations), text(stoppedBy), text(queuedAt), text(startedAt),
                text(finishedAt), text(seconds));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
