package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private static Image gradient(int side, int channels) {
        float[] pixels = new float[side * side * channels];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                for (int c = 0; c < channels; c++) {
                    pixels[(y * side + x) * channels + c] = (float) (0.5 + 0.4 * Math.sin(x * 0.3 + c)
                            * Math.cos(y * 0.2));
                }
            }
        }
        return new Image(side, side, channels, pixels);
    }

    @Test
    void psnrOfAKnownErrorMatchesItsFormula() {
        Image a = gradient(16, 1);
        float[] shifted = a.pixels().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.1f;
        }
        assertEquals(20.0, Metrics.psnr(a, new Image(16, 16, 1, shifted)), 1e-4);
        assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(a, a));
    }

    @Test
    void ssimIsOneForIdenticalImagesAndFallsWithNoise() {
        Image clean = gradient(48, 3);
        assertEquals(1.0, Metrics.ssim(clean, clean), 1e-9);
        double light = Metrics.ssim(Noise.addGaussian(clean, 5 / 255.0, 1), clean);
        double heavy = Metrics.ssim(Noise.addGaussian(clean, 50 / 255.0, 1), clean);
        assertTrue(light < 1 && heavy < light, "light " + light + " heavy " + heavy);
        assertTrue(heavy > 0, "heavy " + heavy);
    }

    @Test
    void ssimIsSymmetricAndIgnoresNothingOfTheStructure() {
        Image clean = gradient(32, 1);
        Image noisy = Noise.addGaussian(clean, 20 / 255.0, 3);
        assertEquals(Metrics.ssim(clean, noisy), Metrics.ssim(noisy, clean), 1e-12);
        float[] flat = new float[32 * 32];
        java.util.Arrays.fill(flat, 0.5f);
        assertTrue(Metrics.ssim(new Image(32, 32, 1, flat), clean) < 0.1,
                "a flat image keeps none of the structure");
    }

    @Test
    void refusesImagesOfOtherShapesOrSmallerThanTheWindow() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(gradient(16, 1), gradient(16, 3)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(gradient(8, 1), gradient(8, 1)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(gradient(16, 1), gradient(17, 1)));
    }
}
