package dev.revive.worker.engine.selfsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.nn.Parameters;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The blind spot is in the wiring: no output of the prior depends on its own input pixel. */
class BlindSpotNetworkTest {

    private static final int HEIGHT = 16;
    private static final int WIDTH = 24;
    private static final UNetConfig BRANCH = new UNetConfig(2, 8, 1, false);

    @TempDir
    Path dir;

    /**
     * d prior(p) / d input, by TensorFlow's own gradients (through Pad, StridedSlice, Transpose,
     * ReverseV2): exactly 0 at p, non-zero at its four neighbours, each seen by another branch.
     * A non-square input checks the rotations back as well.
     */
    @ParameterizedTest
    @CsvSource({"7, 9", "0, 0", "15, 23", "8, 0"})
    void priorNeverSeesItsOwnPixel(int row, int column) {
        float[][] gradients = gradients(row, column);
        float[] prior = gradients[0];
        assertEquals(0f, prior[row * WIDTH + column], "d prior(p) / d input(p)");
        int[][] neighbours = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int[] d : neighbours) {
            int r = row + d[0];
            int c = column + d[1];
            if (r >= 0 && r < HEIGHT && c >= 0 && c < WIDTH) {
                assertNotEquals(0f, prior[r * WIDTH + c], "d prior(p) / d input(p + " + d[0] + "," + d[1] + ")");
            }
        }
        assertNotEquals(0f, gradients[1][row * WIDTH + column],
                "the posterior mean takes the centre back");
    }

    /** [0]: gradient of the prior's mean plus log ratio at (row, column); [1]: of the posterior mean. */
    private static float[][] gradients(int row, int column) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(1, -1, -1, 1)));
            Parameters params = new Parameters(tf);
            BlindSpotNetwork.Prediction prior = BlindSpotNetwork.build(tf, params, input, BRANCH);
            float[] pick = new float[HEIGHT * WIDTH];
            pick[row * WIDTH + column] = 1f;
            Operand<TFloat32> at = tf.constant(Shape.of(1, HEIGHT, WIDTH, 1), DataBuffers.of(pick));
            Operand<TFloat32> seen = tf.reduceSum(tf.math.mul(at,
                    tf.math.add(prior.mean(), prior.logVarianceRatio())), tf.constant(new int[] {0, 1, 2, 3}));
            Operand<TFloat32> served = tf.reduceSum(tf.math.mul(at, GaussianPosterior.mean(tf, input, prior)),
                    tf.constant(new int[] {0, 1, 2, 3}));
            Gradients priorGradient = tf.gradients(seen, List.of(input));
            Gradients servedGradient = tf.gradients(served, List.of(input));
            try (Session session = new Session(graph)) {
                var reset = tf.withControlDependencies(params.reset(tf.constant(11L))).noOp();
                session.runner().addTarget(reset).run().close();
                float[] noise = new float[HEIGHT * WIDTH];
                SplittableRandom random = new SplittableRandom(3);
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = random.nextFloat();
                }
                try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, HEIGHT, WIDTH, 1), DataBuffers.of(noise));
                        Result result = session.runner().feed(input, x).fetch(priorGradient.dy(0))
                                .fetch(servedGradient.dy(0)).run()) {
                    float[][] out = new float[2][HEIGHT * WIDTH];
                    for (int i = 0; i < 2; i++) {
                        ((TFloat32) result.get(i)).copyTo(DataBuffers.of(out[i], false, false));
                    }
                    return out;
                }
            }
        }
    }

    /** Quarter turns: four make the identity, one on a 2x3 picture is numpy's rot90. */
    @Test
    void rotationsTurnAndComeBack() {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = tf.constant(Shape.of(1, 2, 3, 1), DataBuffers.of(1f, 2, 3, 4, 5, 6));
            float[] once = run(session, BlindSpotNetwork.rotate(tf, x, 1), 6);
            assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4}, once);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, run(session,
                    BlindSpotNetwork.rotate(tf, BlindSpotNetwork.rotate(tf, x, 1), 3), 6));
            assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3}, run(session, BlindSpotNetwork.shiftDown(tf, x), 6));
        }
    }

    private static float[] run(Session session, Operand<TFloat32> value, int size) {
        float[] out = new float[size];
        try (Result result = session.runner().fetch(value).run()) {
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    /** Saved and loaded, it serves the same posterior mean, sigma included, on an odd-sized photo. */
    @Test
    void savedModelServesTheSamePosteriorMean() {
        Image odd = Noise.addGaussian(SyntheticImages.shapes(37, 29, 1), NoisyScenes.SIGMA_25, 7);
        Path saved = dir.resolve("bsn");
        float[] before;
        try (TrainedModel model = new SelfSupervisedTrainer(NoisyScenes.SESSION).train(
                TrainingData.of(NoisyScenes.noisy(1)), BlindSpot.paper(), BRANCH, NoisyScenes.settings(10),
                ProgressListener.NONE, CancellationSignal.NEVER)) {
            before = model.denoiser().denoise(odd).pixels();
            model.save(saved);
        }
        assertEquals("blind-spot", ModelInfo.read(saved).method());
        try (Denoiser loaded = Denoiser.load(saved, NoisyScenes.SESSION)) {
            Image after = loaded.denoise(odd);
            assertEquals(37, after.width());
            assertArrayEquals(before, after.pixels());
        }
    }

    @Test
    void refusesAResidualNetworkAndAnImpossibleSigma() {
        assertThrows(IllegalArgumentException.class, () -> new SelfSupervisedTrainer(NoisyScenes.SESSION)
                .train(TrainingData.of(NoisyScenes.noisy(1)), BlindSpot.paper(), NoisyScenes.NETWORK,
                        NoisyScenes.settings(1), ProgressListener.NONE, CancellationSignal.NEVER));
        assertThrows(IllegalArgumentException.class, () -> BlindSpot.withKnownSigma(0));
        assertThrows(IllegalArgumentException.class, () -> BlindSpot.withKnownSigma(1.5));
    }
}
