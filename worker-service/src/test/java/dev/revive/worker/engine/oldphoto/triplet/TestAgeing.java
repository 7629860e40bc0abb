package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import java.util.SplittableRandom;

/**
 * A fixed ageing for tests (the real synthesiser is part A's): faded contrast, a few bright vertical and
 * horizontal scratches that are the mask, and sigma-15 noise; deterministic by seed.
 */
final class TestAgeing {

    private TestAgeing() {}

    /** [old photo, mask (1 channel, 1 on scratches)]. */
    static Image[] age(Image clean, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int w = clean.width();
        int h = clean.height();
        float[] mask = new float[w * h];
        for (int s = 0; s < 3; s++) {
            boolean vertical = random.nextBoolean();
            int at = random.nextInt(vertical ? w : h);
            for (int t = 0; t < (vertical ? h : w); t++) {
                mask[vertical ? t * w + at : at * w + t] = 1f;
            }
        }
        float[] faded = new float[clean.pixels().length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < clean.channels(); c++) {
                    int i = clean.index(x, y, c);
                    faded[i] = mask[y * w + x] > 0 ? 0.95f : 0.15f + 0.7f * clean.pixels()[i];
                }
            }
        }
        Image old = Noise.addGaussian(new Image(w, h, clean.channels(), faded), 15 / 255.0, seed);
        return new Image[] {old, new Image(w, h, 1, mask)};
    }

    static Image clean(int w, int h, int channels) {
        return SyntheticImages.shapes(w, h, channels);
    }
}
