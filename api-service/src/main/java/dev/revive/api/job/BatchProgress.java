package dev.revive.api.job;

import dev.revive.model.BatchRecord;
import dev.revive.model.BatchStatus;
import dev.revive.model.JobStatus;
import java.util.List;

/**
 * A batch with its items' states, and what they add up to. {@code skipped} items had succeeded before (an earlier
 * run) and are not counted in {@code done}; {@code remaining} are queued or running.
 */
public record BatchProgress(BatchRecord batch, BatchStatus status, List<BatchItemState> items, int total, int done,
        int failed, int cancelled, int remaining, int skipped) {

    static BatchProgress of(BatchRecord batch, boolean cancelRequested, List<BatchItemState> items) {
        int done = 0;
        int failed = 0;
        int cancelled = 0;
        int skipped = 0;
        for (BatchItemState state : items) {
            JobStatus status = state.job() == null ? null : state.job().status();
            if (state.item().skipped()) {
                skipped++;
            } else if (status == JobStatus.SUCCEEDED) {
                done++;
            } else if (status == JobStatus.FAILED) {
                failed++;
            } else if (status == JobStatus.CANCELLED) {
                cancelled++;
            }
        }
        int remaining = items.size() - done - failed - cancelled - skipped;
        BatchStatus status = cancelRequested ? BatchStatus.CANCELLED
                : batch.status() == BatchStatus.EXPANDING ? BatchStatus.EXPANDING
                : remaining == 0 ? BatchStatus.DONE : BatchStatus.RUNNING;
        return new BatchProgress(batch, status, items, items.size(), done, failed, cancelled, remaining, skipped);
    }
}
