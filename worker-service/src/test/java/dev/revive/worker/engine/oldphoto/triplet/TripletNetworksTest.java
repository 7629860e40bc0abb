package dev.revive.worker.engine.oldphoto.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.selfsup.Patches;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** The two VAEs, the mapping and the partial non-local block on tiny gray patches. */
class TripletNetworksTest {

    private static final SessionOptions SESSION = SessionOptions.defaults().withThreads(2, 1).withCpuBfloat16(false);
    private static final TripletShape SHAPE = new TripletShape(1, 8, 1);
    private static final int SIDE = 16;
    private static final int COUNT = 4;

    /** A fixed batch: crops of faded, scratched, noisy pictures, their clean originals and scratch masks. */
    static TripletBatch batch(TripletShape shape, int side, int count, long seed) {
        int channels = shape.channels();
        Patches real = Patches.zeros(count, side, channels);
        Patches old = Patches.zeros(count, side, channels);
        Patches clean = Patches.zeros(count, side, channels);
        Patches mask = Patches.zeros(count, side, 1);
        SplittableRandom random = new SplittableRandom(seed);
        Image picture = TestAgeing.clean(side * 3, side * 3, channels);
        for (int p = 0; p < count; p++) {
            int left = random.nextInt(side * 2);
            int top = random.nextInt(side * 2);
            Image y = picture.crop(left, top, side, side);
            Image[] aged = TestAgeing.age(y, seed * 100 + p);
            Image r = TestAgeing.age(picture.crop(random.nextInt(side * 2), random.nextInt(side * 2), side, side),
                    seed * 100 + 50 + p)[0];
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    for (int c = 0; c < channels; c++) {
                        real.pixels()[real.index(p, xx, yy, c)] = r.pixel(xx, yy, c);
                        old.pixels()[old.index(p, xx, yy, c)] = aged[0].pixel(xx, yy, c);
                        clean.pixels()[clean.index(p, xx, yy, c)] = y.pixel(xx, yy, c);
                    }
                    mask.pixels()[mask.index(p, xx, yy, 0)] = aged[1].pixel(xx, yy, 0);
                }
            }
        }
        return new TripletBatch(real, old, clean, mask);
    }

    /** Only the weight that drives {@code term}; the discriminators' own terms need no weight. */
    private static TripletWeights only(String term) {
        float[] w = new float[6];
        switch (term) {
            case "kl", "cleanKl" -> w[0] = 1;
            case "reconstruction", "cleanReconstruction" -> w[1] = 1;
            case "latentAdversarial" -> w[2] = 1;
            case "mapping" -> w[3] = 1;
            case "imageAdversarial" -> w[4] = 1;
            case "featureMatching" -> w[5] = 1;
            default -> { }
        }
        return new TripletWeights(w[0], w[1], w[2], w[3], w[4], w[5]);
    }

    @Test
    void everyTermIsFiniteAndFallsWhenItIsTheOneOptimised() {
        TripletBatch b = batch(SHAPE, SIDE, COUNT, 1);
        try (TripletGraph graph = new TripletGraph(SHAPE, SESSION)) {
            for (String term : TripletLosses.STAGE_ONE) {
                graph.reset(5);
                TripletWeights w = only(term);
                double first = graph.evaluate(1, b, w).term(term);
                for (int s = 0; s < 10; s++) {
                    assertTrue(graph.trainVaes(b, w, 3e-3f, 0).finite(), term);
                }
                double last = graph.evaluate(1, b, w).term(term);
                assertTrue(Double.isFinite(first) && last < first, term + ": " + first + " -> " + last);
            }
            for (String term : TripletLosses.STAGE_TWO) {
                graph.reset(5);
                graph.startMapping();
                TripletWeights w = only(term);
                double first = graph.evaluate(2, b, w).term(term);
                for (int s = 0; s < 15; s++) {
                    assertTrue(graph.trainMapping(b, w, 3e-3f).finite(), term);
                }
                double last = graph.evaluate(2, b, w).term(term);
                assertTrue(Double.isFinite(first) && last < first, term + ": " + first + " -> " + last);
            }
        }
    }

    @Test
    void theMappingStageLeavesTheVaesAsTheyAre() {
        TripletBatch b = batch(SHAPE, SIDE, COUNT, 2);
        try (TripletGraph graph = new TripletGraph(SHAPE, SESSION)) {
            graph.reset(5);
            for (int s = 0; s < 3; s++) {
                graph.trainVaes(b, TripletWeights.paper(), 1e-3f, s);
            }
            graph.startMapping();
            assertEquals(3, graph.mappingFrom());
            TripletLosses before = graph.evaluate(1, b, TripletWeights.paper());
            for (int s = 0; s < 3; s++) {
                graph.trainMapping(b, TripletWeights.paper(), 1e-3f);
            }
            TripletLosses after = graph.evaluate(1, b, TripletWeights.paper());
            // the VAEs' terms on a fixed noise draw are functions of their weights alone
            for (String term : List.of("kl", "reconstruction", "cleanKl", "cleanReconstruction")) {
                assertEquals(before.term(term), after.term(term), 0.0, term);
            }
            assertEquals(6, graph.steps());
            Patches restored = graph.restoreSynthetic(b);
            assertEquals(List.of(COUNT, SIDE, 1), List.of(restored.count(), restored.side(), restored.channels()));
            for (float v : restored.pixels()) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    /**
     * What is asserted: the partial non-local block's attention output O (before its 1x1 output convolution and
     * the fusion) at every position outside the mask is bit for bit the same when the features at masked
     * positions are replaced by anything else, so masked positions are never attended to; at a masked position O
     * may change (its own query changed). And the attention is global: changing one unmasked position changes O at
     * an unmasked position far from it, so the first assertion is not vacuous.
     */
    @Test
    void thePartialNonLocalBlockNeverAttendsToMaskedPositions() {
        int side = 8;
        int channels = 6;
        float[] mask = new float[side * side];
        for (int y = 2; y < 5; y++) {
            for (int x = 3; x < 6; x++) {
                mask[y * side + x] = 1;
            }
        }
        SplittableRandom random = new SplittableRandom(9);
        float[] features = new float[side * side * channels];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        float[] maskedChanged = features.clone();
        for (int p = 0; p < side * side; p++) {
            if (mask[p] > 0) {
                for (int c = 0; c < channels; c++) {
                    maskedChanged[p * channels + c] = (float) (10 * random.nextGaussian());
                }
            }
        }
        float[] unmaskedChanged = features.clone();
        int far = 7 * side + 7;
        for (int c = 0; c < channels; c++) {
            unmaskedChanged[far * channels + c] += 5f;
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> m = tf.placeholder(TFloat32.class);
            Placeholder<TInt64> key = tf.placeholder(TInt64.class);
            Parameters params = new Parameters(tf);
            PartialNonLocal block = new PartialNonLocal(tf, params, "pnl", channels);
            Operand<TFloat32> attention = block.attention(tf, in, m);
            Operand<TFloat32> fused = block.apply(tf, in, m);
            var init = tf.withControlDependencies(params.reset(key)).noOp();
            try (Session session = new Session(graph); TInt64 k = TInt64.scalarOf(3)) {
                session.runner().feed(key, k).addTarget(init).run().close();
                float[] base = run(session, in, m, attention, features, mask, side, channels);
                float[] afterMasked = run(session, in, m, attention, maskedChanged, mask, side, channels);
                float[] afterUnmasked = run(session, in, m, attention, unmaskedChanged, mask, side, channels);
                int inner = base.length / (side * side);
                boolean maskedOutputMoved = false;
                for (int p = 0; p < side * side; p++) {
                    for (int c = 0; c < inner; c++) {
                        int i = p * inner + c;
                        if (mask[p] == 0) {
                            assertEquals(base[i], afterMasked[i], 0.0, "position " + p);
                        } else {
                            maskedOutputMoved |= base[i] != afterMasked[i];
                        }
                    }
                }
                assertTrue(maskedOutputMoved);
                assertNotEquals(base[0], afterUnmasked[0]);
                // without any defect the block is its local branch: no output depends on a far position
                float[] none = new float[side * side];
                float[] fusedBase = run(session, in, m, fused, features, none, side, channels);
                float[] fusedFar = run(session, in, m, fused, unmaskedChanged, none, side, channels);
                for (int c = 0; c < channels; c++) {
                    assertEquals(fusedBase[c], fusedFar[c], 0.0);
                }
            }
        }
    }

    private static float[] run(Session session, Placeholder<TFloat32> in, Placeholder<TFloat32> m,
            Operand<TFloat32> out, float[] features, float[] mask, int side, int channels) {
        try (TFloat32 f = TFloat32.tensorOf(Shape.of(1, side, side, channels), DataBuffers.of(features, true, false));
                TFloat32 k = TFloat32.tensorOf(Shape.of(1, side, side, 1), DataBuffers.of(mask, true, false));
                Result result = session.runner().feed(in, f).feed(m, k).fetch(out).run()) {
            TFloat32 t = (TFloat32) result.get(0);
            float[] values = new float[Math.toIntExact(t.shape().size())];
            t.copyTo(DataBuffers.of(values, false, false));
            return values;
        }
    }
}
