package dev.revive.worker.engine.unpaired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.imported.UnsupportedModelException;
import dev.revive.worker.engine.selfsup.PatchSampler;
import dev.revive.worker.engine.selfsup.Patches;
import dev.revive.worker.engine.selfsup.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic term through a SavedModel run beside the training graph: the same fixed features give the same
 * term, step after step, as when they are ops of the training graph (so the fed gradient is the exact one), the
 * term falls, and models it cannot go through are refused with the reason.
 */
class SavedFeatureNetworkTest {

    private static final SessionOptions SESSION = SessionOptions.defaults().withThreads(2, 1).withCpuBfloat16(false);
    private static final UnpairedShape SHAPE = new UnpairedShape(1, 8, 1);
    private static final LossWeights SEMANTIC_ONLY = new LossWeights(0, 0, 0, 0, 0, 1);
    private static final int FEATURES = 4;

    private static Patches[] batch() {
        SplittableRandom random = new SplittableRandom(1);
        List<Image> degraded = List.of(Noise.addGaussian(SyntheticImages.shapes(64, 64, 1), 25 / 255.0, 1));
        List<Image> clean = List.of(SyntheticImages.shapes(72, 72, 1));
        return new Patches[] {new PatchSampler(TrainingData.of(degraded)).sample(random, 4, 32, 1).get(0),
            new PatchSampler(TrainingData.of(clean)).sample(random, 4, 32, 1).get(0)};
    }

    @Test
    void aSavedFeatureModelDrivesTheSemanticTermAsTheSameOpsInTheGraphDo(@TempDir Path dir) {
        FeatureSavedModels.export(dir, 1, FEATURES, true);
        Patches[] b = batch();
        int steps = 5;
        double[] inGraph = new double[steps + 1];
        double[] outside = new double[steps + 1];
        try (UnpairedGraph graph = new UnpairedGraph(SHAPE,
                UnpairedMethod.paper().withSemantic(FeatureSavedModels.inGraph(1, FEATURES)), SESSION)) {
            run(graph, b, inGraph);
        }
        try (SavedFeatureNetwork network = SavedFeatureNetwork.load(dir, FeatureSavedModels.SIGNATURE,
                FeatureSavedModels.INPUT, FeatureSavedModels.OUTPUT, 1, 1f, SESSION);
                UnpairedGraph graph = new UnpairedGraph(SHAPE, UnpairedMethod.paper().withFeatureNetwork(network),
                        SESSION)) {
            run(graph, b, outside);
        }
        System.out.printf("semantic in the graph %s%nsemantic through the SavedModel %s%n",
                java.util.Arrays.toString(inGraph), java.util.Arrays.toString(outside));
        for (int s = 0; s <= steps; s++) {
            assertTrue(Double.isFinite(outside[s]) && outside[s] > 0, "step " + s + ": " + outside[s]);
            assertEquals(inGraph[s], outside[s], 1e-3 * inGraph[s], "step " + s);
        }
        assertTrue(outside[steps] < outside[0], "the semantic term did not fall: " + outside[0] + " -> "
                + outside[steps]);
    }

    /** The semantic term before each of {@code out.length - 1} steps with it alone, and after the last. */
    private static void run(UnpairedGraph graph, Patches[] b, double[] out) {
        graph.reset(7);
        for (int s = 0; s < out.length - 1; s++) {
            out[s] = graph.trainGenerators(b[0], b[1], SEMANTIC_ONLY, 2e-3f).semantic();
        }
        out[out.length - 1] = graph.evaluate(b[0], b[1], SEMANTIC_ONLY).semantic();
    }

    @Test
    void aModelWithAnOpWithoutGradientIsRefusedNamingIt(@TempDir Path dir) {
        FeatureSavedModels.export(dir, 1, FEATURES, false);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> SavedFeatureNetwork.load(
                dir, FeatureSavedModels.SIGNATURE, FeatureSavedModels.INPUT, FeatureSavedModels.OUTPUT, 1, 1f,
                SESSION));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("ResizeArea"), e.getMessage());
    }

    @Test
    void wrongNamesAndFilesThatAreNoModelAreRefused(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good");
        FeatureSavedModels.export(good, 1, FEATURES, true);
        assertTrue(assertThrows(UnsupportedModelException.class, () -> SavedFeatureNetwork.load(good,
                "serving_default", FeatureSavedModels.INPUT, FeatureSavedModels.OUTPUT, 1, 1f, SESSION))
                .getMessage().contains("no signature 'serving_default'"));
        assertTrue(assertThrows(UnsupportedModelException.class, () -> SavedFeatureNetwork.load(good,
                FeatureSavedModels.SIGNATURE, "../../etc/passwd", FeatureSavedModels.OUTPUT, 1, 1f, SESSION))
                .getMessage().contains("no input"));
        Path junk = Files.createDirectories(dir.resolve("junk"));
        Files.write(junk.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        assertThrows(UnsupportedModelException.class, () -> SavedFeatureNetwork.load(junk,
                FeatureSavedModels.SIGNATURE, FeatureSavedModels.INPUT, FeatureSavedModels.OUTPUT, 1, 1f, SESSION));
        try (SavedFeatureNetwork network = SavedFeatureNetwork.load(good, FeatureSavedModels.SIGNATURE,
                FeatureSavedModels.INPUT, FeatureSavedModels.OUTPUT, 1, 1f, SESSION)) {
            assertThrows(IllegalArgumentException.class, () -> network.term(new float[12], new float[12],
                    new long[] {1, 2, 2, 3}));
        }
    }
}
