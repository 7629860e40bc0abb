package dev.revive.worker.engine.unpaired;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.PatchSampler;
import dev.revive.worker.engine.selfsup.Patches;
import dev.revive.worker.engine.selfsup.TrainingData;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The method on tiny gray pictures: every term, the translations' shapes, the saved restorer, resuming. */
class UnpairedTrainingTest {

    private static final SessionOptions SESSION = SessionOptions.defaults().withThreads(2, 1).withCpuBfloat16(false);
    private static final UnpairedShape SHAPE = new UnpairedShape(1, 8, 1);
    /** Degraded: sigma-25 noise on the pictures; clean: the same kind of picture at other sizes (no pairs). */
    private static final List<Image> DEGRADED = List.of(noisy(64, 64, 1), noisy(80, 64, 2));
    private static final List<Image> CLEAN = List.of(SyntheticImages.shapes(72, 72, 1),
            SyntheticImages.shapes(64, 96, 1));
    private static final UnpairedData DATA = new UnpairedData(DEGRADED, CLEAN);
    private static final String[] TERMS = {"adversarial", "representation", "reconstruction", "crossCycle",
        "background", "semantic"};

    private static Image noisy(int w, int h, long seed) {
        return Noise.addGaussian(SyntheticImages.shapes(w, h, 1), 25 / 255.0, seed);
    }

    private static TrainingSettings settings(int steps) {
        return TrainingSettings.defaults().withPatch(32, 4).withMaxSteps(steps).withLearningRate(1e-3f).withSeed(3)
                .withProgressEvery(1);
    }

    /** A fixed random 3x3 convolution with LeakyReLU: a stand-in for a registered feature network. */
    private static final FeatureExtractor FEATURES = (tf, images) -> {
        float[] kernel = new float[3 * 3 * 4];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (random.nextDouble() - 0.5);
        }
        Operand<TFloat32> k = tf.reshape(tf.constant(kernel), tf.constant(new long[] {3, 3, 1, 4}));
        return tf.nn.leakyRelu(tf.nn.conv2d(images, k, List.of(1L, 1L, 1L, 1L), "SAME"));
    };

    private static Patches[] batch(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Patches x = new PatchSampler(TrainingData.of(DEGRADED)).sample(random, 4, 32, 1).get(0);
        Patches y = new PatchSampler(TrainingData.of(CLEAN)).sample(random, 4, 32, 1).get(0);
        return new Patches[] {x, y};
    }

    @Test
    void everyTermIsFiniteAndFallsWhenItIsOptimised() {
        Patches[] b = batch(1);
        try (UnpairedGraph graph = new UnpairedGraph(SHAPE, UnpairedMethod.paper().withSemantic(FEATURES), SESSION)) {
            for (int t = 0; t < TERMS.length; t++) {
                float[] w = new float[TERMS.length];
                w[t] = 1;
                LossWeights only = new LossWeights(w[0], w[1], w[2], w[3], w[4], w[5]);
                graph.reset(7);
                double first = graph.trainGenerators(b[0], b[1], only, 2e-3f).byName().get(TERMS[t]);
                Losses last = null;
                for (int s = 0; s < 15; s++) {
                    last = graph.trainGenerators(b[0], b[1], only, 2e-3f);
                }
                double end = graph.evaluate(b[0], b[1], only).byName().get(TERMS[t]);
                System.out.printf("term %s alone: %.5f -> %.5f%n", TERMS[t], first, end);
                assertTrue(last.finite(), TERMS[t] + ": " + last);
                assertTrue(end < first, TERMS[t] + " did not fall: " + first + " -> " + end);
            }
            graph.reset(7);
            double first = graph.evaluate(b[0], b[1], LossWeights.paper()).discriminators();
            for (int s = 0; s < 15; s++) {
                graph.trainDiscriminators(b[0], b[1], 2e-3f);
            }
            double end = graph.evaluate(b[0], b[1], LossWeights.paper()).discriminators();
            System.out.printf("discriminators alone: %.5f -> %.5f%n", first, end);
            assertTrue(end < first, "the discriminators' loss did not fall: " + first + " -> " + end);
        }
    }

    @Test
    void theWholeGameStaysFiniteAndItsReconstructionTermsFall() {
        List<Losses> reports = new ArrayList<>();
        LossListener listener = new LossListener() {
            @Override
            public void onLosses(int step, Losses losses) {
                reports.add(losses);
            }

            @Override
            public void onProgress(dev.revive.worker.engine.dip.Progress progress) {
            }
        };
        try (UnpairedModel model = new UnpairedTrainer(SESSION).train(DATA, UnpairedMethod.paper(), SHAPE,
                settings(40), listener, CancellationSignal.NEVER, CheckpointListener.NONE)) {
            assertEquals(40, reports.size());
            assertTrue(reports.stream().allMatch(Losses::finite));
            for (String term : List.of("reconstruction", "crossCycle", "background")) {
                double early = mean(reports.subList(0, 5), term);
                double late = mean(reports.subList(35, 40), term);
                System.out.printf("game, %s: %.5f -> %.5f%n", term, early, late);
                assertTrue(late < early, term + " did not fall: " + early + " -> " + late);
            }
            assertEquals(0.0, reports.get(39).semantic(), "no feature network, no semantic term");
            assertEquals(40, model.info().steps());
            assertEquals(UnpairedMethod.NAME, model.info().method());
        }
    }

    private static double mean(List<Losses> losses, String term) {
        return losses.stream().mapToDouble(l -> l.byName().get(term)).average().orElseThrow();
    }

    @Test
    void translationsKeepTheirInputsShapes() {
        Patches[] b = batch(2);
        try (UnpairedGraph graph = new UnpairedGraph(SHAPE, UnpairedMethod.paper(), SESSION)) {
            graph.reset(1);
            Patches[] out = graph.translate(b[0], b[1]);
            assertArrayEquals(b[0].shape(), out[0].shape(), "restored");
            assertArrayEquals(b[1].shape(), out[1].shape(), "degraded");
            for (Patches p : out) {
                for (float v : p.pixels()) {
                    assertTrue(v >= 0 && v <= 1, "a sigmoid image, got " + v);
                }
            }
        }
    }

    @Test
    void theSavedRestorerServesAsADenoiserAndATrainingResumesExactly(@TempDir Path dir) {
        UnpairedTrainer trainer = new UnpairedTrainer(SESSION);
        Path checkpoint = dir.resolve("step-3");
        Path whole = dir.resolve("whole");
        Path resumed = dir.resolve("resumed");
        try (UnpairedModel model = trainer.train(DATA, UnpairedMethod.paper(), SHAPE, settings(6),
                LossListener.of(ProgressListener.NONE), CancellationSignal.NEVER,
                (steps, state) -> {
                    if (steps == 3) {
                        state.saveTo(checkpoint);
                    }
                })) {
            model.save(whole);
        }
        try (UnpairedModel model = trainer.resume(checkpoint, DATA, UnpairedMethod.paper(), settings(6),
                LossListener.of(ProgressListener.NONE), CancellationSignal.NEVER, CheckpointListener.NONE)) {
            assertEquals(6, model.info().steps());
            model.save(resumed);
        }
        ModelInfo info = ModelInfo.read(whole);
        assertEquals(UnpairedMethod.NAME, info.method());
        assertEquals(SHAPE.depth(), info.network().depth());
        Image photo = noisy(45, 37, 9);
        try (Denoiser a = Denoiser.load(whole, SESSION); Denoiser b = Denoiser.load(resumed, SESSION)) {
            Image once = a.denoise(photo);
            assertEquals(45, once.width());
            assertEquals(37, once.height());
            assertArrayEquals(once.pixels(), b.denoise(photo).pixels(), "resumed from step 3 = trained through");
            Image tiled = a.denoise(photo, 24 * 24, 8, CancellationSignal.NEVER);
            assertEquals(45, tiled.width());
            assertEquals(37, tiled.height());
        }
        assertThrows(IllegalArgumentException.class, () -> trainer.resume(whole, DATA, UnpairedMethod.paper(),
                settings(6), LossListener.of(ProgressListener.NONE), CancellationSignal.NEVER,
                CheckpointListener.NONE), "no more steps to take");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyGraphIsBuilt() {
        UnpairedTrainer trainer = new UnpairedTrainer(SESSION);
        LossListener none = LossListener.of(ProgressListener.NONE);
        assertThrows(IllegalArgumentException.class, () -> new UnpairedData(DEGRADED, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new UnpairedData(DEGRADED, List.of(SyntheticImages.shapes(64, 64, 3))));
        assertThrows(IllegalArgumentException.class, () -> trainer.train(DATA, UnpairedMethod.paper(), SHAPE,
                settings(2).withPatch(80, 4), none, CancellationSignal.NEVER, CheckpointListener.NONE), "too large");
        assertThrows(IllegalArgumentException.class, () -> trainer.train(DATA, UnpairedMethod.paper(), SHAPE,
                settings(2).withPatch(36, 4), none, CancellationSignal.NEVER, CheckpointListener.NONE), "not a multiple");
        assertThrows(IllegalArgumentException.class, () -> trainer.train(DATA, UnpairedMethod.paper(),
                new UnpairedShape(1, 8, 3), settings(2), none, CancellationSignal.NEVER, CheckpointListener.NONE));
    }

}
