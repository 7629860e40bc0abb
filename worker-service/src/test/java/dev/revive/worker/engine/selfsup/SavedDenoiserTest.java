package dev.revive.worker.engine.selfsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A denoiser outlives its training: saved, loaded, resumed, and applied to any size. */
class SavedDenoiserTest {

    private static final SelfSupervisedTrainer TRAINER = new SelfSupervisedTrainer(NoisyScenes.SESSION);
    private static final TrainingData DATA = TrainingData.of(NoisyScenes.noisy(1));
    private static final Image ODD = Noise.addGaussian(SyntheticImages.shapes(37, 29, 1),
            NoisyScenes.SIGMA_25, 7);

    @TempDir
    Path dir;

    private static TrainedModel train(int steps) {
        return TRAINER.train(DATA, Noise2Void.paper(), NoisyScenes.NETWORK, NoisyScenes.settings(steps),
                ProgressListener.NONE, CancellationSignal.NEVER);
    }

    @Test
    void loadedModelDenoisesAsTheTrainedOneDidAtAnySize() {
        Path saved = dir.resolve("model");
        float[] before;
        ModelInfo info;
        try (TrainedModel model = train(10)) {
            before = model.denoiser().denoise(ODD).pixels();
            info = model.info();
            model.save(saved);
        }
        assertTrue(Files.isRegularFile(saved.resolve("saved_model.pb")));
        assertEquals(info, ModelInfo.read(saved));
        assertEquals("noise2void", info.method());
        assertEquals(10, info.steps());
        assertTrue(Math.abs(info.noiseSigma() - NoisyScenes.SIGMA_25) < 0.03, "sigma " + info.noiseSigma());
        try (Denoiser loaded = Denoiser.load(saved, NoisyScenes.SESSION)) {
            Image after = loaded.denoise(ODD);
            assertEquals(37, after.width());
            assertEquals(29, after.height());
            assertArrayEquals(before, after.pixels());
            assertFalse(loaded.takesMask(), "a denoiser's signature has no defect mask");
            float[] holes = new float[37 * 29];
            assertArrayEquals(before, loaded.denoise(ODD, holes).pixels(), "so a mask is not fed to it");
        }
    }

    /** The passes of a Self2Self ensemble draw the same masks and dropout after loading. */
    @Test
    void loadedEnsembleAveragesTheSamePasses() {
        Path saved = dir.resolve("s2s");
        Self2Self method = new Self2Self(0.7f, 0.3f, 3);
        float[] before;
        try (TrainedModel model = TRAINER.train(DATA, method, NoisyScenes.network(method),
                NoisyScenes.settings(5), ProgressListener.NONE, CancellationSignal.NEVER)) {
            before = model.denoiser().denoise(ODD).pixels();
            model.save(saved);
        }
        assertEquals(method.inference(), ModelInfo.read(saved).inference());
        try (Denoiser loaded = Denoiser.load(saved, NoisyScenes.SESSION)) {
            assertArrayEquals(before, loaded.denoise(ODD).pixels());
        }
    }

    /** Ten steps, saved, then ten more from the file: the same model as twenty steps in one go. */
    @Test
    void resumedTrainingContinuesExactly() {
        Path saved = dir.resolve("half");
        try (TrainedModel half = train(10)) {
            half.save(saved);
        }
        try (TrainedModel straight = train(20);
                TrainedModel resumed = TRAINER.resume(saved, DATA, Noise2Void.paper(),
                        NoisyScenes.settings(20), ProgressListener.NONE, CancellationSignal.NEVER)) {
            assertEquals(20, resumed.info().steps());
            assertArrayEquals(straight.denoiser().denoise(ODD).pixels(),
                    resumed.denoiser().denoise(ODD).pixels());
        }
    }

    /**
     * A checkpoint taken mid-run by the listener, with the run going on after it, resumes to the model of an
     * uninterrupted run: the snapshot holds the state of its step, not of the end.
     */
    @Test
    void aCheckpointTakenWhileTrainingResumesExactly() {
        Path checkpoint = dir.resolve("checkpoint");
        java.util.List<Integer> offered = new java.util.ArrayList<>();
        try (TrainedModel straight = TRAINER.train(DATA, Noise2Void.paper(), NoisyScenes.NETWORK,
                NoisyScenes.settings(12), ProgressListener.NONE, CancellationSignal.NEVER, (steps, state) -> {
                    offered.add(steps);
                    if (steps == 5) {
                        state.saveTo(checkpoint);
                    }
                })) {
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 12).boxed().toList(), offered);
            assertEquals(5, ModelInfo.read(checkpoint).steps());
            try (TrainedModel resumed = TRAINER.resume(checkpoint, DATA, Noise2Void.paper(),
                    NoisyScenes.settings(12), ProgressListener.NONE, CancellationSignal.NEVER)) {
                assertEquals(12, resumed.info().steps());
                assertArrayEquals(straight.denoiser().denoise(ODD).pixels(),
                        resumed.denoiser().denoise(ODD).pixels());
            }
        }
    }

    @Test
    void refusesToResumeAModelThatHasTakenTheStepsAlready() {
        Path saved = dir.resolve("done");
        try (TrainedModel model = train(4)) {
            model.save(saved);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TRAINER.resume(saved, DATA, Noise2Void.paper(), NoisyScenes.settings(4),
                        ProgressListener.NONE, CancellationSignal.NEVER));
        assertTrue(e.getMessage().contains("taken 4 steps already"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TRAINER.resume(saved, DATA,
                new Noise2Noise(), NoisyScenes.settings(8), ProgressListener.NONE,
                CancellationSignal.NEVER));
    }

    @Test
    void otherSeedsGiveOtherModels() {
        try (TrainedModel first = train(3);
                TrainedModel other = TRAINER.train(DATA, Noise2Void.paper(), NoisyScenes.NETWORK,
                        NoisyScenes.settings(3).withSeed(6), ProgressListener.NONE,
                        CancellationSignal.NEVER)) {
            assertFalse(Arrays.equals(first.denoiser().denoise(ODD).pixels(),
                    other.denoiser().denoise(ODD).pixels()));
        }
    }

    /** Tiles of 32x32 over a 100x70 photo: the right size, and as good as one pass to 0.3 dB. */
    @Test
    void tiledDenoisingMatchesOnePass() {
        Image clean = SyntheticImages.shapes(100, 70, 1);
        Image noisy = Noise.addGaussian(clean, NoisyScenes.SIGMA_25, 8);
        try (TrainedModel model = train(60)) {
            Image whole = model.denoiser().denoise(noisy);
            Image tiled = model.denoiser().denoise(noisy, 32 * 32, 8, CancellationSignal.NEVER);
            assertEquals(100, tiled.width());
            assertEquals(70, tiled.height());
            double gap = Math.abs(Metrics.psnr(whole, clean) - Metrics.psnr(tiled, clean));
            System.out.printf("tiled vs whole: %.2f vs %.2f dB%n", Metrics.psnr(tiled, clean),
                    Metrics.psnr(whole, clean));
            assertTrue(gap < 0.3, "tiles differ from one pass by " + gap + " dB");
            assertThrows(RestorationCancelledException.class,
                    () -> model.denoiser().denoise(noisy, 32 * 32, 8, () -> true));
        }
    }

    @Test
    void refusesToOverwriteAndToLoadWhatIsNoModel() {
        try (TrainedModel model = train(1)) {
            assertThrows(IllegalArgumentException.class, () -> model.save(dir));
        }
        assertThrows(IllegalArgumentException.class, () -> Denoiser.load(dir, NoisyScenes.SESSION));
    }
}
