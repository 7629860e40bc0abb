package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.nn.SkipConfig;
import org.junit.jupiter.api.Test;

class DipGraphCacheTest {

    private static final double SIGMA_25 = 25 / 255.0;

    /** Jobs of one padded shape share a graph, and a reused graph computes what a fresh one does. */
    @Test
    void sameShapeJobsReuseOneGraphWithIdenticalResults() {
        Image first = Noise.addGaussian(SyntheticImages.shapes(40, 24, 3), SIGMA_25, 21);
        Image second = Noise.addGaussian(SyntheticImages.shapes(38, 22, 3), SIGMA_25, 22);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(5).withSeed(3);
        float[] fresh = denoise(new DeepImagePrior(), second, settings);

        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);
            denoise(dip, first, settings.withSeed(9));
            float[] reused = denoise(dip, second, settings);

            assertEquals(1, graphs.builds(), "38x22 pads to 40x24 like the first: one graph");
            assertArrayEquals(fresh, reused);
        }
    }

    /**
     * Denoising and inpainting of one padded size share the graph (only what is loaded differs),
     * and the shared graph computes what a fresh one does; super-resolution at the same network
     * size has another data term and builds its own.
     */
    @Test
    void tasksOfOneShapeShareAGraphAndOtherDataTermsBuildTheirOwn() {
        Image image = Noise.addGaussian(SyntheticImages.shapes(24, 24, 3), SIGMA_25, 24);
        float[] known = new float[24 * 24];
        java.util.Arrays.fill(known, 1f);
        java.util.Arrays.fill(known, 100, 140, 0f);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(3);
        SkipConfig network = DeepImagePriorTest.small(3);
        Observation holes = Observation.withHoles(image, known);
        float[] fresh = new DeepImagePrior().restore(holes, network, settings, StoppingRule.NEVER,
                ProgressListener.NONE, CancellationSignal.NEVER).image().pixels();

        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);
            denoise(dip, image, settings);
            float[] reused = dip.restore(holes, network, settings, StoppingRule.NEVER,
                    ProgressListener.NONE, CancellationSignal.NEVER).image().pixels();
            assertEquals(1, graphs.builds());
            assertArrayEquals(fresh, reused);

            Image small = SyntheticImages.shapes(16, 16, 3);
            Restoration sr = dip.restore(Observation.lowResolution(small, 2), network, settings,
                    StoppingRule.NEVER, ProgressListener.NONE, CancellationSignal.NEVER);
            assertEquals(2, graphs.builds(), "32x32 output like the others, but a downsampling term");
            assertEquals(32, sr.image().width());
        }
    }

    @Test
    void anotherShapeOrChannelCountBuildsAnotherGraph() {
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(2);
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);
            denoise(dip, SyntheticImages.shapes(20, 20, 3), settings);
            denoise(dip, SyntheticImages.shapes(20, 20, 1), settings);
            denoise(dip, SyntheticImages.shapes(20, 70, 1), settings);
            denoise(dip, SyntheticImages.shapes(20, 70, 1), settings);

            assertEquals(3, graphs.builds());
        }
    }

    /**
     * Two shapes taking turns (the old-photo task's inpainting and denoising networks) keep both
     * graphs; a third shape closes the least recently used one.
     */
    @Test
    void twoAlternatingShapesKeepTheirGraphsAndAThirdEvictsTheOldest() {
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(1);
        Image color = SyntheticImages.shapes(20, 20, 3);
        Image gray = SyntheticImages.shapes(20, 20, 1);
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);
            for (int turn = 0; turn < 2; turn++) {
                denoise(dip, color, settings);
                denoise(dip, gray, settings);
            }
            assertEquals(2, graphs.builds());

            denoise(dip, SyntheticImages.shapes(20, 70, 1), settings);
            denoise(dip, gray, settings);
            assertEquals(3, graphs.builds(), "the gray graph was the more recent, so it was kept");
            denoise(dip, color, settings);
            assertEquals(4, graphs.builds(), "the colour graph was the least recent, so it was closed");
        }
    }

    /** A cancelled job leaves the graph usable: the next job of that shape reuses it. */
    @Test
    void cancelledJobKeepsItsGraph() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(20, 20, 3), SIGMA_25, 23);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(50);
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);
            assertThrows(RestorationCancelledException.class, () -> dip.restore(
                    Observation.noisy(noisy), DeepImagePriorTest.small(3), settings,
                    StoppingRule.NEVER, ProgressListener.NONE, () -> true));
            denoise(dip, noisy, settings.withIterations(2));

            assertEquals(1, graphs.builds());
        }
    }

    @Test
    void closedCacheRefusesNewJobs() {
        DipGraphCache graphs = new DipGraphCache();
        graphs.close();
        DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);

        assertThrows(IllegalStateException.class, () -> denoise(dip, SyntheticImages.shapes(20, 20, 3),
                DipSettings.denoiseDefaults().withIterations(1)));
    }

    /** Denoises with the small test network, returning the pixels. */
    private static float[] denoise(DeepImagePrior dip, Image noisy, DipSettings settings) {
        return dip.restore(Observation.noisy(noisy), DeepImagePriorTest.small(noisy.channels()),
                settings, StoppingRule.NEVER, ProgressListener.NONE, CancellationSignal.NEVER)
                .image().pixels();
    }
}
