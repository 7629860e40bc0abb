package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.StopReason;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimisationLoopTest {

    private static final double SIGMA_25 = 25 / 255.0;
    private static final DeepImagePrior DIP = new DeepImagePrior();

    private static Restoration denoise(Image noisy, DipSettings settings, StoppingRule rule,
            ProgressListener progress) {
        return DIP.restore(Observation.noisy(noisy), DeepImagePriorTest.small(noisy.channels()),
                settings, rule, progress, CancellationSignal.NEVER);
    }

    @Test
    void timeLimitReturnsTheCurrentEstimateEarly() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(20, 20, 3), SIGMA_25, 41);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(1_000_000)
                .withTimeLimit(Duration.ofMillis(300));

        long start = System.nanoTime();
        Restoration result = denoise(noisy, settings, StoppingRule.NEVER, ProgressListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(StopReason.TIME_LIMIT, result.stopReason());
        assertTrue(result.iterations() >= 1 && result.iterations() < 1_000_000);
        assertEquals(20, result.image().width());
        assertTrue(seconds < 20, seconds + " s");
    }

    /** A rule that stops at a fixed step and keeps what it was shown. */
    private static final class StopAt implements StoppingRule {
        final int stopAt;
        final List<Integer> iterations = new ArrayList<>();
        final List<float[]> outputs = new ArrayList<>();

        StopAt(int stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public boolean needsOutputs() {
            return true;
        }

        @Override
        public boolean shouldStop(int iteration, double loss, float[] output) {
            assertTrue(loss > 0 && loss < 1, "loss " + loss);
            iterations.add(iteration);
            outputs.add(output);
            return iteration == stopAt;
        }
    }

    @Test
    void autoStopAsksTheRuleWithRawOutputsAndStopsWhenItSays() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(20, 20, 3), SIGMA_25, 42);
        StopAt rule = new StopAt(7);

        Restoration result = denoise(noisy,
                DipSettings.denoiseDefaults().withIterations(50).withAutoStop(true), rule,
                ProgressListener.NONE);

        assertEquals(StopReason.AUTO, result.stopReason());
        assertEquals(7, result.iterations());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), rule.iterations);
        for (float[] output : rule.outputs) {
            assertNotNull(output);
            assertEquals(20 * 20 * 3, output.length, "HWC at the padded size (20 fits 2 levels)");
        }
    }

    @Test
    void withoutAutoStopTheRuleIsNotAsked() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(20, 20, 3), SIGMA_25, 43);
        StopAt rule = new StopAt(2);

        Restoration result = denoise(noisy, DipSettings.denoiseDefaults().withIterations(5), rule,
                ProgressListener.NONE);

        assertEquals(StopReason.ITERATIONS, result.stopReason());
        assertEquals(5, result.iterations());
        assertTrue(rule.iterations.isEmpty());
    }

    @Test
    void previewsShowTheEstimateAtTheOutputSize() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(20, 12, 3), SIGMA_25, 44);
        List<Integer> at = new ArrayList<>();
        List<Image> previews = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress progress) {
            }

            @Override
            public void onPreview(int iteration, Image estimate) {
                at.add(iteration);
                previews.add(estimate);
            }
        };

        Restoration result = denoise(noisy,
                DipSettings.denoiseDefaults().withIterations(10).withPreviewEvery(4),
                StoppingRule.NEVER, listener);

        assertEquals(List.of(4, 8), at);
        for (Image preview : previews) {
            assertEquals(20, preview.width());
            assertEquals(12, preview.height());
        }
        assertFalse(java.util.Arrays.equals(previews.get(0).pixels(), result.image().pixels()));
    }

    /**
     * One step at a learning rate 100,000 times too large, mid-run, blows the fit up for good
     * when nothing guards it. With the guard the job rolls back to its last healthy checkpoint
     * and goes on from there (more slowly: the recovery halves the rate), so it ends no worse than
     * the estimate it had before the blow-up.
     */
    @Test
    void aBlowUpMidRunIsRolledBackToAHealthyCheckpoint() {
        Image clean = SyntheticImages.shapes(24, 24, 3);
        PaddedImage noisy = PaddedImage.reflect(Noise.addGaussian(clean, SIGMA_25, 45), 24, 24);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(60).withAveraging(0f)
                .withSeed(5).withProgressEvery(1).withPreviewEvery(20);
        try (DipGraph graph = DipGraph.forDenoising(24, 24, DeepImagePriorTest.small(3))) {
            load(graph, noisy, settings);
            List<Image> previews = new ArrayList<>();
            ProgressListener watch = new ProgressListener() {
                @Override
                public void onProgress(Progress progress) {
                }

                @Override
                public void onPreview(int iteration, Image estimate) {
                    previews.add(estimate);
                }
            };
            OptimisationLoop.run(graph, settings, StoppingRule.NEVER, watch,
                    CancellationSignal.NEVER, noisy::crop);
            Image beforeBlowUp = previews.get(0);
            Image undisturbed = noisy.crop(graph.averagedOutput());

            load(graph, noisy, settings);
            ProgressListener blowUp = progress -> spike(graph, progress.iteration());
            OptimisationLoop.Outcome outcome = OptimisationLoop.run(graph, settings,
                    StoppingRule.NEVER, blowUp, CancellationSignal.NEVER, pixels -> null);
            Image guarded = noisy.crop(graph.averagedOutput());

            load(graph, noisy, settings);
            for (int done = 1; done <= settings.iterations(); done++) {
                graph.step(false, false);
                spike(graph, done);
            }
            Image unguarded = noisy.crop(clamp(graph.averagedOutput()));

            double beforePsnr = Metrics.psnr(beforeBlowUp, clean);
            double undisturbedPsnr = Metrics.psnr(undisturbed, clean);
            double guardedPsnr = Metrics.psnr(guarded, clean);
            double unguardedPsnr = Metrics.psnr(unguarded, clean);
            System.out.printf("blow-up at step 21 of 60: %.2f dB before it; at the end undisturbed"
                    + " %.2f dB, unguarded %.2f dB, guarded %.2f dB after %d recoveries%n",
                    beforePsnr, undisturbedPsnr, unguardedPsnr, guardedPsnr,
                    outcome.divergenceRecoveries());
            assertTrue(unguardedPsnr < undisturbedPsnr - 5, "the blow-up must matter: "
                    + unguardedPsnr + " dB unguarded");
            assertEquals(1, outcome.divergenceRecoveries());
            assertTrue(guardedPsnr > beforePsnr - 0.5, "guarded " + guardedPsnr
                    + " dB vs " + beforePsnr + " dB before the blow-up");
            assertTrue(guardedPsnr < undisturbedPsnr + 0.5, "guarded " + guardedPsnr
                    + " dB vs undisturbed " + undisturbedPsnr + " dB");
        }
    }

    /** A job started at a learning rate that cannot work is slowed until it can, not left as noise. */
    @Test
    void aLearningRateFarTooLargeIsBroughtDown() {
        Image clean = SyntheticImages.shapes(24, 24, 3);
        Image noisy = Noise.addGaussian(clean, SIGMA_25, 46);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(60)
                .withLearningRate(100f).withAveraging(0f);

        Restoration guarded = denoise(noisy, settings, StoppingRule.NEVER, ProgressListener.NONE);

        double unguarded;
        try (DipGraph graph = DipGraph.forDenoising(24, 24, DeepImagePriorTest.small(3))) {
            PaddedImage padded = PaddedImage.reflect(noisy, 24, 24);
            load(graph, padded, settings);
            for (int done = 0; done < settings.iterations(); done++) {
                graph.step(false, false);
            }
            unguarded = Metrics.psnr(padded.crop(clamp(graph.averagedOutput())), clean);
        }
        double psnr = Metrics.psnr(guarded.image(), clean);
        System.out.printf("learning rate 100: unguarded %.2f dB, guarded %.2f dB after %d recoveries%n",
                unguarded, psnr, guarded.divergenceRecoveries());
        assertTrue(guarded.divergenceRecoveries() >= 5);
        assertTrue(psnr > unguarded + 5, "guarded " + psnr + " dB vs unguarded " + unguarded);
    }

    /** A fit that is not a number whatever its step fails the job instead of returning its start. */
    @Test
    void aFitThatNeverRecoversFailsInsteadOfReturningItsStart() {
        Image clean = SyntheticImages.shapes(24, 24, 3);
        PaddedImage noisy = PaddedImage.reflect(Noise.addGaussian(clean, SIGMA_25, 47), 24, 24);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(300).withAveraging(0f)
                .withProgressEvery(1);
        try (DipGraph graph = DipGraph.forDenoising(24, 24, DeepImagePriorTest.small(3))) {
            load(graph, noisy, settings);
            ProgressListener poison = progress -> {
                if (progress.iteration() == 5) {
                    graph.setLearningRate(Float.NaN);
                }
            };
            DivergenceException failure = assertThrows(DivergenceException.class,
                    () -> OptimisationLoop.run(graph, settings, StoppingRule.NEVER, poison,
                            CancellationSignal.NEVER, pixels -> null));
            assertTrue(failure.getMessage().contains("diverged " + DivergenceGuard.MAX_RECOVERIES + " times"),
                    failure.getMessage());
        }
    }

    /** Raises the rate 100,000 times after step 20 and puts it back after step 21. */
    private static void spike(DipGraph graph, int iteration) {
        if (iteration == 20) {
            graph.setLearningRate(1_000f);
        } else if (iteration == 21) {
            graph.setLearningRate(0.01f);
        }
    }

    private static void load(DipGraph graph, PaddedImage padded, DipSettings settings) {
        graph.reset(settings);
        graph.loadObservation(padded.padded().pixels(), padded.mask());
    }

    /** NaN and overflow become the worst value, so a broken output still has a (bad) PSNR. */
    private static float[] clamp(float[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            pixels[i] = Float.isNaN(v) ? 1f : Math.min(1f, Math.max(0f, v));
        }
        return pixels;
    }
}
