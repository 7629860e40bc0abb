package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplingTest {

    @Test
    void lanczosKeepsAFlatImageFlatUpToItsBorders() {
        float[] pixels = new float[40 * 24 * 3];
        Arrays.fill(pixels, 0.25f);
        Image small = Resampling.lanczosDownsample(new Image(40, 24, 3, pixels), 4);
        assertEquals(10, small.width());
        assertEquals(6, small.height());
        for (float p : small.pixels()) {
            assertEquals(0.25f, p, 1e-5f);
        }
    }

    @Test
    void lanczosRemovesDetailFinerThanTheNewPixelsThatDecimationWouldAlias() {
        int side = 64;
        float[] stripes = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                stripes[y * side + x] = x % 2 == 0 ? 1f : 0f;
            }
        }
        Image small = Resampling.lanczosDownsample(new Image(side, side, 1, stripes), 2);
        for (int y = 0; y < small.height(); y++) {
            for (int x = 3; x < small.width() - 3; x++) {
                assertEquals(0.5f, small.pixel(x, y, 0), 0.02f, "at " + x + "," + y);
            }
        }
    }

    @Test
    void lanczosFollowsASmoothRampAtThePixelCentres() {
        int side = 64;
        float[] ramp = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                ramp[y * side + x] = x / (float) side;
            }
        }
        Image small = Resampling.lanczosDownsample(new Image(side, side, 1, ramp), 4);
        for (int x = 3; x < small.width() - 3; x++) {
            float centre = (x * 4 + 1.5f) / side;
            assertEquals(centre, small.pixel(x, 5, 0), 1e-3f, "column " + x);
        }
    }

    @Test
    void boxReductionUndoesNearestEnlargement() {
        Image small = new Image(2, 1, 1, new float[] {0.2f, 0.6f});
        Image nearest = Resampling.nearestUpsample(small, 2);
        assertTrue(Arrays.equals(new float[] {0.2f, 0.2f, 0.6f, 0.6f, 0.2f, 0.2f, 0.6f, 0.6f},
                nearest.pixels()));
        Image box = Resampling.boxDownsample(nearest, 2);
        assertTrue(Arrays.equals(small.pixels(), box.pixels()));
    }

    @Test
    void refusesAReductionLargerThanTheImage() {
        assertThrows(IllegalArgumentException.class,
                () -> Resampling.lanczosDownsample(new Image(3, 3, 1, new float[9]), 4));
    }
}
