package dev.revive.api.job;

import dev.revive.model.BatchItem;
import dev.revive.model.JobRecord;

/** One item of a batch with its job's record as it stands (null if the record is gone). */
public record BatchItemState(BatchItem item, JobRecord job) {
}
