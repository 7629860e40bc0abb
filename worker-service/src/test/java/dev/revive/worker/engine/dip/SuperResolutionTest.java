package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.StopReason;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Resampling;
import dev.revive.worker.engine.nn.SkipConfig;
import org.junit.jupiter.api.Test;

class SuperResolutionTest {

    private static final DeepImagePrior DIP = new DeepImagePrior();

    @Test
    void twiceTheSizeBeatsBicubic() {
        assertBeatsBicubic(32, 2, 200);
    }

    @Test
    void fourTimesTheSizeBeatsBicubic() {
        assertBeatsBicubic(48, 4, 200);
    }

    private static void assertBeatsBicubic(int side, int factor, int iterations) {
        Image clean = SyntheticImages.shapes(side, side, 3);
        Image small = Resampling.boxDownsample(clean, factor);
        SkipConfig network = SkipConfig.superResolution(3).withChannels(16);
        DipSettings settings = DipSettings.superResolutionDefaults(factor).withIterations(iterations);

        Restoration result = DIP.restore(Observation.lowResolution(small, factor), network, settings,
                StoppingRule.NEVER, ProgressListener.NONE, CancellationSignal.NEVER);

        double bicubic = Metrics.psnr(Resampling.bicubicUpsample(small, factor), clean);
        double nearest = Metrics.psnr(Resampling.nearestUpsample(small, factor), clean);
        double dip = Metrics.psnr(result.image(), clean);
        System.out.printf("SR x%d %dx%d, %d iterations: nearest %.2f dB, bicubic %.2f dB, DIP %.2f dB%n",
                factor, side, side, iterations, nearest, bicubic, dip);
        assertEquals(side, result.image().width());
        assertEquals(side, result.image().height());
        assertEquals(StopReason.ITERATIONS, result.stopReason());
        assertTrue(dip > bicubic, "DIP " + dip + " dB vs bicubic " + bicubic + " dB");
    }
}
