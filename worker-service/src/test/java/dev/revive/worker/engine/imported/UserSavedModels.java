package dev.revive.worker.engine.imported;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * SavedModels as a user would bring them from Python, built here with TensorFlow Java so the tests need no
 * Python: a 3x3 box filter working on [0,255] pixels under a signature and tensor names of their own, and broken
 * variants of it.
 */
public final class UserSavedModels {
    public static final String SIGNATURE = "denoise_photo";
    public static final String INPUT = "pixels";
    public static final String OUTPUT = "smoothed";
    /** What the box filter takes off every pixel, in [0,255], so a model fed the wrong range is seen. */
    public static final float OFFSET = 8f;

    /** How a variant differs from the good model. */
    public enum Flaw {
        NONE, RANK_3, GRAY_OUTPUT, READS_A_FILE, WRITES_A_CHECKPOINT, POOLS_BY_4
    }

    private UserSavedModels() {
    }

    /**
     * The 3x3 box filter minus {@link #OFFSET} (zero-padded at the borders), on {@code channels}-channel [N,H,W,C]
     * images, with its kernel in a variable so loading restores a checkpoint as a real model's does.
     */
    public static void export(Path dir, int channels, Flaw flaw) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Shape shape = flaw == Flaw.RANK_3 ? Shape.of(-1, -1, channels) : Shape.of(-1, -1, -1, channels);
            Placeholder<TFloat32> input = tf.withName("user_input").placeholder(TFloat32.class,
                    Placeholder.shape(shape));
            Operand<TFloat32> image = flaw == Flaw.RANK_3 ? tf.expandDims(input, tf.constant(0)) : input;
            int outChannels = flaw == Flaw.GRAY_OUTPUT ? 1 : channels;
            float[][][][] box = new float[3][3][channels][outChannels];
            for (float[][][] row : box) {
                for (float[][] tap : row) {
                    for (int c = 0; c < channels; c++) {
                        tap[c][flaw == Flaw.GRAY_OUTPUT ? 0 : c] = 1f / 9f;
                    }
                }
            }
            var kernel = tf.variable(tf.constant(box));
            Operand<TFloat32> smoothed = tf.math.sub(
                    tf.nn.conv2d(image, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), tf.constant(OFFSET));
            if (flaw == Flaw.POOLS_BY_4) {
                Operand<TFloat32> pooled = tf.nn.avgPool(smoothed, List.of(1L, 4L, 4L, 1L), List.of(1L, 4L, 4L, 1L),
                        "VALID");
                Operand<TInt32> size = tf.math.mul(tf.stridedSlice(tf.shape(pooled), tf.constant(new int[] {1}),
                        tf.constant(new int[] {3}), tf.constant(new int[] {1})), tf.constant(4));
                smoothed = tf.image.resizeNearestNeighbor(pooled, size);
            }
            if (flaw == Flaw.READS_A_FILE) {
                var secret = tf.io.readFile(tf.constant("/etc/hostname"));
                smoothed = tf.withControlDependencies(List.of(secret)).identity(smoothed);
            }
            if (flaw == Flaw.WRITES_A_CHECKPOINT) {
                var leak = tf.train.save(tf.constant("/tmp/revive-leak"), tf.array("k"),
                        tf.array(""), List.of(kernel));
                smoothed = tf.withControlDependencies(List.of(leak)).identity(smoothed);
            }
            Operand<TFloat32> output = flaw == Flaw.RANK_3 ? tf.squeeze(smoothed) : smoothed;
            session.initialize();
            SessionFunction function = SessionFunction.create(Signature.builder().key(SIGNATURE)
                    .input(INPUT, input).output(OUTPUT, output).build(), session);
            SavedModelBundle.exporter(dir.toString()).withFunction(function).export();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the good model makes of {@code value} at a pixel whose 3x3 neighbourhood is all {@code value}, in [0,1]. */
    public static float flatOutput(float value) {
        return Math.max(0f, value - OFFSET / 255f);
    }
}
