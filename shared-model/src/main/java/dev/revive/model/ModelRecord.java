package dev.revive.model;

import java.time.Instant;
import java.util.Map;

/**
 * The durable state of a trained denoiser, stored as JSON under {@link ModelKeys#record()}: written queued by the
 * api before the request is published, moved on by the worker, read by both when a request names the model.
 *
 * @param images   the collection's images the model was trained on
 * @param skipped  images under the prefix that could not be decoded or were too large, left out
 * @param metadata the saved model's own description (method, steps, patch, network, noise sigma, last loss)
 * @param owner    the API key name that asked for the training, whose holder alone may see and use the model
 * @param resumedFrom the step of the checkpoint the latest attempt went on from; null when it started at step 0
 * @param source   trained here or imported; null in records written before imports, which were all trained.
 *                 An imported model has no method or options, and its collection is the SavedModel's directory
 * @param kind     what an imported model is for; null for a trained model or an import before kinds, both denoisers
 */
public record ModelRecord(
        int schemaVersion,
        String modelId,
        Method method,
        JobStatus status,
        CollectionRef collection,
        RestorationOptions options,
        Progress progress,
        Integer images,
        Integer skipped,
        Map<String, String> metadata,
        JobError error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String owner,
        Integer resumedFrom,
        ModelSource source,
        ModelKind kind) {

    public static final int SCHEMA_VERSION = 1;

    /** How its weights came to be; old records without a source were trained. */
    public ModelSource sourceOrTrained() {
        return source == null ? ModelSource.TRAINED : source;
    }

    /** What the model is for; trained models and imports recorded before kinds are denoisers. */
    public ModelKind kindOrDenoiser() {
        return kind == null ? ModelKind.DENOISER : kind;
    }

    /**
     * Whether {@code method=model} may serve it: a denoiser, not a features import nor a defect detector (which an
     * old-photo request names as its {@code options.detector} instead).
     */
    public boolean restores() {
        return kindOrDenoiser().restores() && (method == null || !method.isDetector());
    }

    /**
     * Whether {@code method=model} can carry out {@code task} with this model: every restorer denoises; an old photo
     * needs the triplet network, the one model that takes the photo's defect mask ({@link #OLD_PHOTO_NEEDS_TRIPLET}).
     */
    public boolean serves(Task task) {
        return restores() && (task != Task.OLD_PHOTO || method == Method.OLD_PHOTO_TRIPLET);
    }

    /** Why a restorer that is not a triplet model cannot repair an old photo, for the api and the worker alike. */
    public static final String OLD_PHOTO_NEEDS_TRIPLET = "the task 'old-photo' with the method 'model' needs a model"
            + " trained with the method 'old-photo-triplet', which takes the photo's defect mask; denoise with this"
            + " model (task 'denoise'), or repair the old photo with the method 'dip'";

    /** The queued record of a SavedModel import: no method, no options, the files' directory as its collection. */
    public static ModelRecord queued(ImportRequest request) {
        return new ModelRecord(SCHEMA_VERSION, request.modelId(), null, JobStatus.QUEUED, request.savedModel(), null,
                null, null, null, null, null, 0, request.submittedAt(), null, request.submittedAt(), null,
                request.owner(), null, ModelSource.IMPORTED,
                request.kind() == null ? ModelKind.DENOISER : request.kind());
    }

    /** An import's (re)start by a worker: it has no steps to count. */
    public ModelRecord importing(Instant now) {
        require(JobStatus.RUNNING);
        return new ModelRecord(schemaVersion, modelId, method, JobStatus.RUNNING, collection, options, null, null,
                null, null, null, attempts + 1, createdAt, now, now, null, owner, null, source, kind);
    }

    public static ModelRecord queued(TrainingRequest request) {
        return new ModelRecord(SCHEMA_VERSION, request.modelId(), request.method(), JobStatus.QUEUED,
                request.collection(), request.options(), null, null, null, null, null, 0, request.submittedAt(),
                null, request.submittedAt(), null, request.owner(), null, ModelSource.TRAINED, null);
    }

    /** A (re)start by a worker, once it knows which images it trains on. */
    public ModelRecord started(int images, int skipped, Instant now) {
        require(JobStatus.RUNNING);
        Progress initial = Progress.starting(options == null || options.iterations() == null ? 0
                : options.iterations());
        return new ModelRecord(schemaVersion, modelId, method, JobStatus.RUNNING, collection, options, initial, images,
                skipped, null, null, attempts + 1, createdAt, now, now, null, owner, null, source, kind);
    }

    /**
     * This attempt goes on from the checkpoint of {@code step} (null: from step 0 after all, when the checkpoint
     * could not be used), so its progress starts there.
     */
    public ModelRecord resumedFrom(Integer step, Instant now) {
        require(JobStatus.RUNNING);
        Progress from = progress == null ? null
                : new Progress(step == null ? 0 : step, progress.totalIterations(), null, null, null);
        return new ModelRecord(schemaVersion, modelId, method, JobStatus.RUNNING, collection, options, from, images,
                skipped, null, null, attempts, createdAt, startedAt, now, null, owner, step, source, kind);
    }

    public ModelRecord progressed(Progress next, Instant now) {
        require(JobStatus.RUNNING);
        return new ModelRecord(schemaVersion, modelId, method, JobStatus.RUNNING, collection, options, next, images,
                skipped, null, null, attempts, createdAt, startedAt, now, null, owner, resumedFrom, source, kind);
    }

    public ModelRecord succeeded(int steps, Map<String, String> info, Instant now) {
        require(JobStatus.SUCCEEDED);
        Progress done = progress == null ? null : progress.finished(steps);
        return new ModelRecord(schemaVersion, modelId, method, JobStatus.SUCCEEDED, collection, options, done, images,
                skipped, info, null, attempts, createdAt, startedAt, now, now, owner, resumedFrom, source, kind);
    }

    public ModelRecord failed(JobError reason, Instant now) {
        require(JobStatus.FAILED);
        return new ModelRecord(schemaVersion, modelId, method, JobStatus.FAILED, collection, options, progress, images,
                skipped, null, reason, attempts, createdAt, startedAt, now, now, owner, resumedFrom, source, kind);
    }

    private void require(JobStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("model " + modelId + " is " + status.wireName() + " and cannot become "
                    + next.wireName());
        }
    }
}
