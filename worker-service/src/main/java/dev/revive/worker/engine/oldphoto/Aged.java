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

    /**
     * The photo where {@code known} is 1 and the repair where it is 0: a fill changes only the defects, so a short
     * inpainting fit cannot blur the sound pixels.
     */
    public static Image keepKnown(Image photo, Image repaired, float[] known) {
        int channels = photo.channels();
        float[] out = photo.pixels().clone();
        float[] fill = repaired.pixels();
        for (int p = 0; p < known.length; p++) {
            if (known[p] == 0f) {
                System.arraycopy(fill, p * channels, out, p * channels, channels);
            }
        }
        return new Image(photo.width(), photo.height(), channels, out);
    }
}
