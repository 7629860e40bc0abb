package dev.revive.worker.engine.dip.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseLevelTest {

    @ParameterizedTest
    @ValueSource(ints = {5, 10, 15, 25, 35, 50})
    void findsTheAddedNoiseInColour(int sigma255) {
        Image noisy = Noise.addGaussian(TestPictures.scene(128, 96, 3), sigma255 / 255.0, sigma255);

        double estimate = NoiseLevel.sigma(noisy) * 255;

        assertEquals(sigma255, estimate, 0.12 * sigma255, "estimated " + estimate);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 25, 50})
    void findsTheAddedNoiseInGray(int sigma255) {
        Image noisy = Noise.addGaussian(TestPictures.scene(97, 81, 1), sigma255 / 255.0, 7);

        double estimate = NoiseLevel.sigma(noisy, 0) * 255;

        assertEquals(sigma255, estimate, 0.12 * sigma255, "estimated " + estimate);
    }

    /** Edges and texture are not noise: a clean photo reads well under 1/255. */
    @Test
    void cleanImageHasAlmostNoNoise() {
        double estimate = NoiseLevel.sigma(TestPictures.scene(128, 96, 3)) * 255;

        assertTrue(estimate < 1, "estimated " + estimate + "/255 on a clean image");
    }

    /** Channels with different noise combine as the root mean square, what an MSE expects. */
    @Test
    void combinesChannelsByTheirMeanVariance() {
        Image clean = TestPictures.scene(128, 128, 3);
        float[] pixels = clean.pixels().clone();
        float[][] noisyChannels = new float[3][];
        double[] sigmas = {10 / 255.0, 20 / 255.0, 40 / 255.0};
        for (int c = 0; c < 3; c++) {
            noisyChannels[c] = Noise.addGaussian(clean, sigmas[c], c + 1).pixels();
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = noisyChannels[i % 3][i];
        }
        Image noisy = new Image(128, 128, 3, pixels);

        for (int c = 0; c < 3; c++) {
            assertEquals(sigmas[c], NoiseLevel.sigma(noisy, c), 0.12 * sigmas[c], "channel " + c);
        }
        double rms = Math.sqrt(
                (sigmas[0] * sigmas[0] + sigmas[1] * sigmas[1] + sigmas[2] * sigmas[2]) / 3);
        assertEquals(rms, NoiseLevel.sigma(noisy), 0.12 * rms);
    }

    @Test
    void tinyImagesReadAsNoiseless() {
        assertEquals(0, NoiseLevel.sigma(new Image(1, 5, 1, new float[5])));
    }
}
