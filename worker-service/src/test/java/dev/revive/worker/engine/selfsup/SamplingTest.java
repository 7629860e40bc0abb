package dev.revive.worker.engine.selfsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.image.Image;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What each method feeds the network, checked on pictures whose values say where they come from. */
class SamplingTest {

    /** A side x side one-channel patch batch whose sample at (x, y) is (y * side + x) / side^2. */
    private static Patches positions(int count, int side) {
        Patches patches = Patches.zeros(count, side, 1);
        for (int p = 0; p < count; p++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    patches.pixels()[patches.index(p, x, y, 0)] = (y * side + x) / (float) (side * side);
                }
            }
        }
        return patches;
    }

    private static int[] where(float value, int side) {
        int position = Math.round(value * side * side);
        return new int[] {position % side, position / side};
    }

    @Test
    void neighbourSubSamplesTakeTwoAdjacentPixelsOfEveryCell() {
        int side = 8;
        Patches image = positions(3, side);
        NeighborSubsampler g = new NeighborSubsampler(new SplittableRandom(1), 3, side);
        Patches g1 = g.first(image);
        Patches g2 = g.second(image);
        assertEquals(side / 2, g1.side());
        for (int i = 0; i < g1.pixels().length; i++) {
            int[] a = where(g1.pixels()[i], side);
            int[] b = where(g2.pixels()[i], side);
            int cell = i % (side / 2 * side / 2);
            int cellX = cell % (side / 2);
            int cellY = cell / (side / 2);
            assertEquals(cellX, a[0] / 2);
            assertEquals(cellY, a[1] / 2);
            assertEquals(cellX, b[0] / 2);
            assertEquals(cellY, b[1] / 2);
            assertEquals(1, Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]), "adjacent in the cell");
        }
    }

    @Test
    void noise2VoidReplacesMaskedPixelsByANeighbourAndCountsOnlyThem() {
        int side = 16;
        Patches noisy = positions(2, side);
        TrainingBatch batch = new Noise2Void(0.05, 2).batch(List.of(noisy), new SplittableRandom(2),
                p -> p);
        int masked = 0;
        for (int i = 0; i < noisy.pixels().length; i++) {
            float weight = batch.weights().pixels()[i];
            if (weight == 0f) {
                assertEquals(noisy.pixels()[i], batch.input().pixels()[i]);
                continue;
            }
            masked++;
            int[] own = where(noisy.pixels()[i], side);
            int[] from = where(batch.input().pixels()[i], side);
            int dx = Math.abs(own[0] - from[0]);
            int dy = Math.abs(own[1] - from[1]);
            assertTrue(dx <= 2 && dy <= 2 && dx + dy > 0, "replaced from " + dx + "," + dy + " away");
        }
        assertTrue(masked > 0 && masked <= 2 * Math.round(0.05 * side * side), "masked " + masked);
        assertArrayEquals(noisy.pixels(), batch.target().pixels());
    }

    /** Noise2Noise's two shots are cut at the same place, turned the same way. */
    @Test
    void patchesOfAllShotsOfASceneAreAligned() {
        float[] pixels = new float[20 * 12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / (float) pixels.length;
        }
        Image a = new Image(20, 12, 1, pixels);
        float[] shifted = pixels.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = shifted[i] / 2;
        }
        Image b = new Image(20, 12, 1, shifted);
        List<Patches> cut = new PatchSampler(TrainingData.pairs(List.of(a), List.of(b)))
                .sample(new SplittableRandom(3), 16, 8, 2);
        for (int i = 0; i < cut.get(0).pixels().length; i++) {
            assertEquals(cut.get(0).pixels()[i] / 2, cut.get(1).pixels()[i], 1e-7);
        }
    }
}
