package dev.revive.worker.engine.oldphoto.triplet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.oldphoto.triplet.TripletData.SyntheticPair;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both stages through the trainer, the saved restorer served whole and tiled, with and without the defect mask,
 * resuming across the stages.
 */
class TripletTrainingTest {

    private static final SessionOptions SESSION = SessionOptions.defaults().withThreads(2, 1).withCpuBfloat16(false);
    private static final TripletShape SHAPE = new TripletShape(1, 8, 1);
    private static final TripletData DATA = data();

    private static TripletData data() {
        List<SyntheticPair> pairs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Image clean = TestAgeing.clean(40 + 8 * i, 48, 1);
            Image[] aged = TestAgeing.age(clean, i);
            pairs.add(new SyntheticPair(aged[0], clean, aged[1]));
        }
        List<Image> real = List.of(TestAgeing.age(TestAgeing.clean(56, 40, 1), 9)[0]);
        return new TripletData(real, pairs);
    }

    private static TrainingSettings settings(int steps) {
        return TrainingSettings.defaults().withPatch(16, 2).withMaxSteps(steps).withLearningRate(1e-3f).withSeed(4)
                .withProgressEvery(1);
    }

    @Test
    void bothStagesTrainAndTheSavedRestorerServesWithItsMaskAndResumes(@TempDir Path dir) {
        TripletTrainer trainer = new TripletTrainer(SESSION);
        Path whole = dir.resolve("whole");
        Path checkpoint = dir.resolve("step-4");
        Path resumed = dir.resolve("resumed");
        List<TripletLosses> reports = new ArrayList<>();
        TripletListener listener = new TripletListener() {
            @Override
            public void onLosses(int step, TripletLosses losses) {
                reports.add(losses);
            }

            @Override
            public void onProgress(dev.revive.worker.engine.dip.Progress report) {
            }
        };
        CheckpointListener atFour = (steps, state) -> {
            if (steps == 4) {
                state.saveTo(checkpoint);
            }
        };
        try (TripletModel model = trainer.train(DATA, TripletMethod.paper(), SHAPE, settings(6), listener,
                CancellationSignal.NEVER, atFour)) {
            assertEquals(3, model.mappingFrom(), "half the steps to each stage");
            model.save(whole);
        }
        assertEquals(List.of(1, 1, 1, 2, 2, 2), reports.stream().map(TripletLosses::stage).toList());
        assertEquals(List.of(TripletLosses.STAGE_ONE), List.copyOf(reports.get(0).terms().keySet()));
        assertEquals(List.of(TripletLosses.STAGE_TWO), List.copyOf(reports.get(5).terms().keySet()));
        ModelInfo info = ModelInfo.read(whole);
        assertEquals(TripletMethod.NAME, info.method());
        assertEquals(6, info.steps());
        assertEquals(SHAPE, TripletShape.of(info.network()));

        try (TripletModel model = trainer.resume(checkpoint, DATA, TripletMethod.paper(), settings(6),
                TripletListener.of(ProgressListener.NONE), CancellationSignal.NEVER, CheckpointListener.NONE)) {
            model.save(resumed);
        }
        Image photo = TestAgeing.age(TestAgeing.clean(45, 37, 1), 21)[0];
        try (Denoiser a = Denoiser.load(whole, SESSION); Denoiser b = Denoiser.load(resumed, SESSION)) {
            Image once = a.denoise(photo);
            assertEquals(List.of(45, 37, 1), List.of(once.width(), once.height(), once.channels()));
            assertArrayEquals(once.pixels(), b.denoise(photo).pixels(), "resumed from step 4 = trained through");
            Image tiled = a.denoise(photo, 24 * 24, 8, CancellationSignal.NEVER);
            assertEquals(photo.pixels().length, tiled.pixels().length);
            for (float v : tiled.pixels()) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
        servedWithTheDefectMask(whole);
        assertThrows(IllegalArgumentException.class, () -> trainer.resume(whole, DATA, TripletMethod.paper(),
                settings(6), TripletListener.of(ProgressListener.NONE), CancellationSignal.NEVER,
                CheckpointListener.NONE), "no steps left");
    }

    /**
     * The mask reaches the partial non-local block: the result changes in the holes, is what the saved graph gives
     * fed the same photo and mask, and tile by tile each tile gets its own part of the mask.
     */
    private static void servedWithTheDefectMask(Path saved) {
        int width = 96;
        int height = 64;
        Image photo = TestAgeing.age(TestAgeing.clean(width, height, 1), 22)[0];
        float[] known = new float[width * height];
        float[] defects = new float[width * height];
        java.util.Arrays.fill(known, 1f);
        for (int y = 40; y < 56; y++) {
            for (int x = 72; x < 88; x++) {
                known[y * width + x] = 0f;
                defects[y * width + x] = 1f;
            }
        }
        int hole = 48 * width + 80;
        try (Denoiser denoiser = Denoiser.load(saved, SESSION);
                SavedModelBundle bundle = SavedModelBundle.load(saved.toString(), "serve")) {
            assertTrue(denoiser.takesMask());
            Image plain = denoiser.denoise(photo);
            Image masked = denoiser.denoise(photo, known);
            assertNotEquals(plain.pixels()[hole], masked.pixels()[hole], "the mask changes the holes");
            float[] direct = new float[width * height];
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, height, width, 1), DataBuffers.of(photo.pixels(), true,
                    false));
                    TFloat32 m = TFloat32.tensorOf(Shape.of(1, height, width, 1), DataBuffers.of(defects, true,
                            false));
                    Result result = bundle.session().runner().feed(TripletGraph.INPUT, x).feed(Denoiser.MASK, m)
                            .fetch(TripletGraph.OUTPUT).run()) {
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(direct, false, false));
            }
            assertArrayEquals(direct, masked.pixels(), 1e-5f, "served = the graph fed the photo and its mask");

            Image tiledPlain = denoiser.denoise(photo, 32 * 32, 8, CancellationSignal.NEVER);
            Image tiledMasked = denoiser.denoise(Observation.withHoles(photo, known), 32 * 32, 8,
                    CancellationSignal.NEVER);
            assertNotEquals(tiledPlain.pixels()[hole], tiledMasked.pixels()[hole], "the hole's tile got its mask");
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(tiledPlain.pixels()[y * width + x], tiledMasked.pixels()[y * width + x],
                            "far from the hole, at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void badDataAndPatchSizesAreRefused() {
        TripletTrainer trainer = new TripletTrainer(SESSION);
        for (TrainingSettings bad : List.of(settings(2).withPatch(10, 2), settings(2).withPatch(4, 2),
                settings(2).withPatch(64, 2))) {
            assertThrows(IllegalArgumentException.class, () -> trainer.train(DATA, TripletMethod.paper(), SHAPE,
                    bad, TripletListener.of(ProgressListener.NONE), CancellationSignal.NEVER,
                    CheckpointListener.NONE), "patch " + bad.patchSize());
        }
        assertThrows(IllegalArgumentException.class, () -> trainer.train(DATA, TripletMethod.paper(),
                new TripletShape(1, 8, 3), settings(2), TripletListener.of(ProgressListener.NONE),
                CancellationSignal.NEVER, CheckpointListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> new TripletData(List.of(), DATA.pairs()));
        Image clean = TestAgeing.clean(16, 16, 1);
        assertThrows(IllegalArgumentException.class, () -> new SyntheticPair(clean, clean, clean.crop(0, 0, 8, 8)));
    }
}
