package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.dip.ProgressListener;

/** A progress listener that also hears the stage's loss terms, at the same reports, just before the progress. */
public interface TripletListener extends ProgressListener {

    void onLosses(int step, TripletLosses losses);

    /** {@code progress} alone, deaf to the terms. */
    static TripletListener of(ProgressListener progress) {
        return new TripletListener() {
            @Override
            public void onLosses(int step, TripletLosses losses) {
            }

            @Override
            public void onProgress(dev.revive.worker.engine.dip.Progress report) {
                progress.onProgress(report);
            }
        };
    }
}
