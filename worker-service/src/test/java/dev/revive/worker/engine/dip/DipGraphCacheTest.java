package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.nn.SkipConfig;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DipGraphCacheTest {

    private static final double SIGMA_25 = 25 / 255.0;
    private static final IntFunction<SkipConfig> SMALL = channels -> new SkipConfig(8, channels, 2, 8, 2);

    /** Jobs of one padded shape share a graph, and a reused graph computes what a fresh one does. */
    @Test
    void sameShapeJobsReuseOneGraphWithIdenticalResults() {
        Image first = Noise.addGaussian(SyntheticImages.shapes(40, 24, 3), SIGMA_25, 21);
        Image second = Noise.addGaussian(SyntheticImages.shapes(38, 22, 3), SIGMA_25, 22);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(5).withSeed(3);
        float[] fresh = new DeepImagePrior(SMALL).denoise(second, settings, ProgressListener.NONE,
                CancellationSignal.NEVER).pixels();

        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SMALL, SessionOptions.defaults(), graphs);
            dip.denoise(first, settings.withSeed(9), ProgressListener.NONE, CancellationSignal.NEVER);
            float[] reused = dip.denoise(second, settings, ProgressListener.NONE,
                    CancellationSignal.NEVER).pixels();

            assertEquals(1, graphs.builds(), "38x22 pads to 40x24 like the first: one graph");
            assertArrayEquals(fresh, reused);
        }
    }

    @Test
    void anotherShapeOrChannelCountBuildsAnotherGraph() {
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(2);
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SMALL, SessionOptions.defaults(), graphs);
            dip.denoise(SyntheticImages.shapes(20, 20, 3), settings, ProgressListener.NONE,
                    CancellationSignal.NEVER);
            dip.denoise(SyntheticImages.shapes(20, 20, 1), settings, ProgressListener.NONE,
                    CancellationSignal.NEVER);
            dip.denoise(SyntheticImages.shapes(20, 70, 1), settings, ProgressListener.NONE,
                    CancellationSignal.NEVER);
            dip.denoise(SyntheticImages.shapes(20, 70, 1), settings, ProgressListener.NONE,
                    CancellationSignal.NEVER);

            assertEquals(3, graphs.builds());
        }
    }

    /** A cancelled job leaves the graph usable: the next job of that shape reuses it. */
    @Test
    void cancelledJobKeepsItsGraph() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(20, 20, 3), SIGMA_25, 23);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(50);
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SMALL, SessionOptions.defaults(), graphs);
            assertThrows(RestorationCancelledException.class, () -> dip.denoise(noisy, settings,
                    ProgressListener.NONE, () -> true));
            dip.denoise(noisy, settings.withIterations(2), ProgressListener.NONE,
                    CancellationSignal.NEVER);

            assertEquals(1, graphs.builds());
        }
    }

    @Test
    void closedCacheRefusesNewJobs() {
        DipGraphCache graphs = new DipGraphCache();
        graphs.close();
        DeepImagePrior dip = new DeepImagePrior(SMALL, SessionOptions.defaults(), graphs);

        assertThrows(IllegalStateException.class, () -> dip.denoise(SyntheticImages.shapes(20, 20, 3),
                DipSettings.denoiseDefaults().withIterations(1), ProgressListener.NONE,
                CancellationSignal.NEVER));
    }
}
