package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageTest {

    @Test
    void validatesShapeAndRange() {
        assertThrows(IllegalArgumentException.class, () -> new Image(2, 2, 3, new float[11]));
        assertThrows(IllegalArgumentException.class, () -> new Image(2, 2, 2, new float[8]));
        assertThrows(IllegalArgumentException.class, () -> new Image(0, 2, 1, new float[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new Image(1, 1, 1, new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Image(1, 1, 1, new float[] {1.01f}));
    }

    @Test
    void indexesHwcRowMajor() {
        float[] pixels = new float[2 * 3 * 3];
        pixels[(2 * 2 + 1) * 3 + 2] = 0.5f;
        assertEquals(0.5f, new Image(2, 3, 3, pixels).pixel(1, 2, 2));
    }

    @Test
    void psnrOfKnownError() {
        float[] a = new float[300];
        float[] b = new float[300];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.6f);
        Image clean = new Image(10, 10, 3, a);
        assertEquals(20.0, Metrics.psnr(clean, new Image(10, 10, 3, b)), 1e-4);
        assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(clean, clean));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.psnr(clean, new Image(10, 10, 1, new float[100])));
    }

    @Test
    void gaussianNoiseIsSeededAndClamped() {
        float[] flat = new float[3 * 64 * 64];
        Arrays.fill(flat, 0.5f);
        Image clean = new Image(64, 64, 3, flat);
        Image noisy = Noise.addGaussian(clean, 25 / 255.0, 3);
        assertEquals(Arrays.toString(noisy.pixels()),
                Arrays.toString(Noise.addGaussian(clean, 25 / 255.0, 3).pixels()));
        assertNotEquals(Arrays.toString(noisy.pixels()),
                Arrays.toString(Noise.addGaussian(clean, 25 / 255.0, 4).pixels()));
        double psnr = Metrics.psnr(clean, noisy);
        assertTrue(psnr > 19.9 && psnr < 20.5, "sigma 25 gives ~20.2 dB, got " + psnr);
        Image saturated = Noise.addGaussian(clean, 2.0, 3);
        for (float v : saturated.pixels()) {
            assertTrue(v >= 0f && v <= 1f);
        }
    }
}
