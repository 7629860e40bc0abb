package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.dip.ProgressListener;

/** A progress listener that also hears every loss term, at the same reports, just before the progress. */
public interface LossListener extends ProgressListener {

    void onLosses(int step, Losses losses);

    /** {@code progress} alone, deaf to the terms. */
    static LossListener of(ProgressListener progress) {
        return new LossListener() {
            @Override
            public void onLosses(int step, Losses losses) {
            }

            @Override
            public void onProgress(dev.revive.worker.engine.dip.Progress report) {
                progress.onProgress(report);
            }
        };
    }
}
