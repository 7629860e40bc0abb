package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;

/** Receives reports on the optimising thread; keep it quick, the next step waits for it. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> { };

    void onProgress(Progress progress);

    /**
     * The current estimate (what the job would return now, at the output size), every
     * {@link DipSettings#previewEvery()} iterations, so that a client can watch the photo emerge.
     */
    default void onPreview(int iteration, Image estimate) {
    }
}
