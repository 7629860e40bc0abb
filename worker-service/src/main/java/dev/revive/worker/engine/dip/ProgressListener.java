package dev.revive.worker.engine.dip;

/** Receives reports on the optimising thread; keep it quick, the next step waits for it. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> { };

    void onProgress(Progress progress);
}
