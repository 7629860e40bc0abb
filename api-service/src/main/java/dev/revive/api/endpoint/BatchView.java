package dev.revive.api.endpoint;

import dev.revive.api.job.BatchProgress;
import dev.revive.model.BatchRecord;
import dev.revive.model.BatchStatus;
import dev.revive.model.Method;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Task;
import java.time.Instant;

/** A batch as clients see it: what it restores, where it stands, and the links to its manifest. */
public record BatchView(
        String id,
        BatchStatus status,
        String owner,
        Source source,
        Task task,
        Method method,
        String model,
        RestorationOptions options,
        String destination,
        Counts counts,
        boolean truncated,
        Instant createdAt,
        Instant expandedAt,
        Links links) {

    /** The source, with the number of listed keys rather than the list itself. */
    public record Source(String bucket, String prefix, Integer keys) {
    }

    /** Items by outcome; {@code skipped} had succeeded in an earlier run and were not redone. */
    public record Counts(int total, int done, int failed, int cancelled, int remaining, int skipped) {
    }

    public record Links(String self, String manifest) {
    }

    static BatchView of(BatchProgress progress) {
        BatchRecord batch = progress.batch();
        String self = BatchResource.PATH + "/" + batch.batchId();
        return new BatchView(batch.batchId(), progress.status(), batch.owner(),
                new Source(batch.source().bucket(), batch.source().prefix(),
                        batch.source().keys() == null ? null : batch.source().keys().size()),
                batch.task(), batch.method(), batch.model(), batch.options(), batch.destination(),
                new Counts(progress.total(), progress.done(), progress.failed(), progress.cancelled(),
                        progress.remaining(), progress.skipped()),
                batch.truncated(), batch.createdAt(), batch.expandedAt(), new Links(self, self + "/manifest"));
    }

    /** A batch just accepted: still to be expanded, nothing counted yet. */
    static BatchView accepted(BatchRecord batch) {
        String self = BatchResource.PATH + "/" + batch.batchId();
        return new BatchView(batch.batchId(), BatchStatus.EXPANDING, batch.owner(),
                new Source(batch.source().bucket(), batch.source().prefix(),
                        batch.source().keys() == null ? null : batch.source().keys().size()),
                batch.task(), batch.method(), batch.model(), batch.options(), batch.destination(),
                new Counts(0, 0, 0, 0, 0, 0), false, batch.createdAt(), null, new Links(self, self + "/manifest"));
    }
}
