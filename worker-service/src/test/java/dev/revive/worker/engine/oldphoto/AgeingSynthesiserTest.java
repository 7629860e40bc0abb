package dev.revive.worker.engine.oldphoto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.SyntheticImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The synthesiser is a function of its seed, and its mask is exactly where the defects are. */
class AgeingSynthesiserTest {

    /** Dense enough that a 48x40 photo gets scratches, dust, spots and a fold from most seeds. */
    private static final AgeingSettings DENSE =
            new AgeingSettings(60, 3, 150, 30, 4, 1, 1, 0.04, 0.05, 1.5, 0.35, 0.15, 0.4);

    private final Image rgb = SyntheticImages.shapes(48, 40, 3);
    private final Image gray = SyntheticImages.shapes(48, 40, 1);

    @Test
    void sameSeedGivesTheSameOldPhotoAndMask() {
        for (Image clean : new Image[] {rgb, gray}) {
            Aged a = new AgeingSynthesiser(DENSE).age(clean, 7);
            Aged b = new AgeingSynthesiser(DENSE).age(clean, 7);
            assertArrayEquals(a.old().pixels(), b.old().pixels());
            assertArrayEquals(a.defectMask().pixels(), b.defectMask().pixels());
            assertEquals(clean.channels(), a.old().channels());
        }
    }

    @Test
    void differentSeedsGiveDifferentPhotosAndMasks() {
        AgeingSynthesiser synthesiser = new AgeingSynthesiser(DENSE);
        Aged a = synthesiser.age(rgb, 1);
        Aged b = synthesiser.age(rgb, 2);
        assertFalse(Arrays.equals(a.old().pixels(), b.old().pixels()));
        assertFalse(Arrays.equals(a.defectMask().pixels(), b.defectMask().pixels()));
    }

    @Test
    void withoutGlobalDegradationsThePhotoChangesExactlyInsideTheMask() {
        AgeingSynthesiser synthesiser = new AgeingSynthesiser(DENSE.localOnly());
        for (Image clean : new Image[] {rgb, gray}) {
            for (long seed = 0; seed < 10; seed++) {
                Aged aged = synthesiser.age(clean, seed);
                float[] mask = aged.defectMask().pixels();
                int marked = 0;
                for (int p = 0; p < mask.length; p++) {
                    float change = 0;
                    for (int c = 0; c < clean.channels(); c++) {
                        int i = p * clean.channels() + c;
                        change = Math.max(change, Math.abs(aged.old().pixels()[i] - clean.pixels()[i]));
                    }
                    assertTrue(mask[p] == 0f || mask[p] == 1f, "mask is binary");
                    if (mask[p] == 1f) {
                        marked++;
                        assertTrue(change >= 1f / 255f, "masked pixel " + p + " changed by " + change);
                    } else {
                        assertEquals(0f, change, "pixel " + p + " outside the mask, seed " + seed);
                    }
                }
                assertTrue(marked > 0 && marked < mask.length / 2, "seed " + seed + " marked " + marked);
            }
        }
    }

    @Test
    void globalDegradationsLeaveTheMaskAlone() {
        for (long seed = 0; seed < 5; seed++) {
            Aged full = new AgeingSynthesiser(DENSE).age(rgb, seed);
            Aged local = new AgeingSynthesiser(DENSE.localOnly()).age(rgb, seed);
            Aged global = new AgeingSynthesiser(DENSE.globalOnly()).age(rgb, seed);
            assertEquals(0.0, global.defectFraction(), "no local defect, no mask");
            assertFalse(Arrays.equals(rgb.pixels(), global.old().pixels()), "globals did change it");
            // the mask is taken against the print after its own ageing, so it differs from the
            // local-only one only where blur or fading made a defect more or less visible
            double agree = agreement(full.defectMask().pixels(), local.defectMask().pixels());
            assertTrue(agree > 0.9, "seed " + seed + " masks agree on " + agree);
        }
    }

    @Test
    void theDefaultsAgeAPhotoVisiblyButLeaveMostOfIt() {
        Image clean = SyntheticImages.shapes(256, 256, 3);
        double sum = 0;
        for (long seed = 0; seed < 8; seed++) {
            sum += new AgeingSynthesiser().age(clean, seed).defectFraction();
        }
        double mean = sum / 8;
        assertTrue(mean > 0.001 && mean < 0.2, "mean defect fraction " + mean);
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new AgeingSettings(-1, 3, 6, 1, 6, 0.3, 0.6, 0.04, 0.05, 1.5, 0.35, 0.15, 0.4));
        assertThrows(IllegalArgumentException.class,
                () -> new AgeingSettings(2, 3, 6, 1, 6, 1.5, 0.6, 0.04, 0.05, 1.5, 0.35, 0.15, 0.4));
        assertThrows(IllegalArgumentException.class,
                () -> new AgeingSettings(2, 3, 6, 1, 6, 0.3, 0.6, 0.04, 0.05, Double.NaN, 0.35, 0.15, 0.4));
        assertThrows(IllegalArgumentException.class,
                () -> new AgeingSettings(2, 3, 6, 1, 6, 0.3, 0.6, 0.04, 0.05, 1.5, 0.35, 0.15, 0));
    }

    private static double agreement(float[] a, float[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }
}
