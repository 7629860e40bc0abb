package dev.revive.worker.engine.oldphoto;

import dev.revive.worker.engine.image.Image;

/**
 * A clean photo made old, with the ground truth a defect detector learns from.
 *
 * @param old the aged photo, the clean photo's size and channels
 * @param defectMask one channel, 1 where a local defect (scratch, dust, spot, fold) visibly
 *     changed the photo and 0 elsewhere; global degradations (grain, noise, blur, fading, colour
 *     cast, JPEG) are not in it
 */
public record Aged(Image old, Image defectMask) {

    public Aged {
        if (defectMask.channels() != 1 || defectMask.width() != old.width()
                || defectMask.height() != old.height()) {
            throw new IllegalArgumentException("the defect mask must be one channel of the photo's size");
        }
    }

    /** Share of the photo's pixels the mask marks. */
    public double defectFraction() {
        double sum = 0;
        for (float v : defectMask.pixels()) {
            sum += v;
        }
        return sum / defectMask.pixelCount();
    }
}
