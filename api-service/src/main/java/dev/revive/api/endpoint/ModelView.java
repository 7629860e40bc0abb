package dev.revive.api.endpoint;

import dev.revive.model.CollectionRef;
import dev.revive.model.JobError;
import dev.revive.model.JobStatus;
import dev.revive.model.Method;
import dev.revive.model.ModelKind;
import dev.revive.model.ModelRecord;
import dev.revive.model.ModelSource;
import dev.revive.model.Progress;
import dev.revive.model.RestorationOptions;
import java.time.Instant;
import java.util.Map;

/**
 * A model, trained or imported, denoiser or feature extractor, as clients see it: its record and the link to follow. {@code resumedFrom} is the
 * checkpoint's step when a worker went on from where a stopped one left off.
 */
public record ModelView(
        String id,
        JobStatus status,
        Method method,
        String owner,
        CollectionRef collection,
        RestorationOptions options,
        Progress progress,
        Integer images,
        Integer skipped,
        Map<String, String> metadata,
        JobError error,
        int attempts,
        Integer resumedFrom,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String self,
        ModelSource source,
        ModelKind kind) {

    static ModelView of(ModelRecord model) {
        return new ModelView(model.modelId(), model.status(), model.method(), model.owner(), model.collection(), model.options(),
                model.progress(), model.images(), model.skipped(), model.metadata(), model.error(), model.attempts(),
                model.resumedFrom(),
                model.createdAt(), model.startedAt(), model.updatedAt(), model.finishedAt(),
                ModelResource.PATH + "/" + model.modelId(), model.sourceOrTrained(), model.kindOrDenoiser());
    }
}
