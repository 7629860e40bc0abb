package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.nn.SkipConfig;
import org.junit.jupiter.api.Test;

class FlashGuidedTest {

    private static final double SIGMA_25 = 25 / 255.0;

    /** The same scene lit by the flash: sharp and clean, but with other colours and contrast. */
    private static Image flashShot(Image scene) {
        float[] pixels = scene.pixels().clone();
        float[] gain = {0.7f, 0.9f, 1.2f};
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.min(1f, 0.15f + gain[i % 3] * 0.8f * pixels[i]);
        }
        return new Image(scene.width(), scene.height(), scene.channels(), pixels);
    }

    @Test
    void noisyShotGuidedByTheFlashShotBeatsTheNoisyShot() {
        Image clean = SyntheticImages.shapes(32, 32, 3);
        Image noisy = Noise.addGaussian(clean, SIGMA_25, 31);
        SkipConfig network = SkipConfig.flashGuided(3).withChannels(16);
        DipSettings settings = DipSettings.flashGuidedDefaults().withIterations(80);

        Restoration result = new DeepImagePrior().restore(Observation.guidedBy(noisy, flashShot(clean)),
                network, settings, StoppingRule.NEVER, ProgressListener.NONE,
                CancellationSignal.NEVER);

        double before = Metrics.psnr(noisy, clean);
        double after = Metrics.psnr(result.image(), clean);
        System.out.printf("flash-guided 32x32 sigma 25, %d iterations: %.2f dB -> %.2f dB%n",
                settings.iterations(), before, after);
        assertEquals(32, result.image().width());
        assertTrue(after > before + 3, "gain " + (after - before) + " dB");
    }

    @Test
    void refusesANetworkThatDoesNotTakeTheGuide() {
        Image scene = SyntheticImages.shapes(16, 16, 3);
        Observation observation = Observation.guidedBy(scene, SyntheticImages.shapes(16, 16, 1));

        assertThrows(IllegalArgumentException.class, () -> new DeepImagePrior().restore(observation,
                SkipConfig.flashGuided(3), DipSettings.flashGuidedDefaults(), StoppingRule.NEVER,
                ProgressListener.NONE, CancellationSignal.NEVER));
    }
}
