package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.selfsup.Patches;

/**
 * One step's patches: real old photos, and synthetic old ones cut at the same places as their clean originals and
 * defect masks. All of one side; the masks have one channel, 1 on defects.
 */
public record TripletBatch(Patches realOld, Patches syntheticOld, Patches clean, Patches mask) {

    public TripletBatch {
        if (syntheticOld.count() != clean.count() || mask.count() != clean.count()
                || realOld.side() != clean.side() || syntheticOld.side() != clean.side()
                || mask.side() != clean.side()) {
            throw new IllegalArgumentException("synthetic old, clean and mask patches must pair up, all of one side");
        }
        if (mask.channels() != 1 || realOld.channels() != clean.channels()
                || syntheticOld.channels() != clean.channels()) {
            throw new IllegalArgumentException("the photos' channels must agree and the mask must have one");
        }
    }
}
