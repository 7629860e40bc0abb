package dev.revive.worker.engine.selfsup;

import static dev.revive.worker.engine.nn.Layers.concatChannels;
import static dev.revive.worker.engine.nn.Layers.conv2d;
import static dev.revive.worker.engine.nn.Layers.leakyRelu;
import static dev.revive.worker.engine.nn.Layers.maxPool2x;
import static dev.revive.worker.engine.nn.Layers.upsample2x;

import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.SkipConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The blind-spot network of HQ-SSL (Laine et al. 2019): the blind spot is in the architecture, not
 * in a mask, so every pixel of every patch trains. A {@link UNet}-shaped branch whose convolutions
 * and poolings only look up (rows above or on their own), shifted one row down at the end, sees
 * only pixels strictly above each output; the same branch applied to the input rotated by 0, 90,
 * 180 and 270 degrees and rotated back covers every direction but the centre, and 1x1
 * convolutions merge the four. No residual: the input would bring the centre back.
 *
 * <p>The four rotations go through the branch one after another rather than stacked on the batch
 * axis, since a photo (or tile) is rarely square and a rotated one has a different shape.
 */
public final class BlindSpotNetwork {

    private static final int KERNEL = 3;

    /**
     * The network's belief about the clean value at each pixel, given everything but that pixel.
     *
     * @param mean the prior mean, [N,H,W,C]
     * @param logVarianceRatio log of the prior variance over the noise variance, per channel
     *     (the paper's full colour covariance simplified to a diagonal)
     */
    public record Prediction(Operand<TFloat32> mean, Operand<TFloat32> logVarianceRatio) {
    }

    private BlindSpotNetwork() {}

    /**
     * Adds the network applied to {@code input} (NHWC) to the graph; {@code config} shapes one
     * branch ({@link UNetConfig#residual()} must be false). Sides must be multiples of
     * {@link UNetConfig#sizeDivisor()}.
     */
    public static Prediction build(Ops tf, Parameters params, Operand<TFloat32> input,
            UNetConfig config) {
        if (config.residual()) {
            throw new IllegalArgumentException("a blind-spot network cannot be residual");
        }
        Ops scope = tf.withSubScope("blind_spot");
        Branch branch = new Branch(scope.withSubScope("branch"), params, config);
        List<Operand<TFloat32>> views = new ArrayList<>(4);
        for (int quarter = 0; quarter < 4; quarter++) {
            Operand<TFloat32> seen = branch.apply(scope, rotate(scope, input, quarter));
            views.add(rotate(scope, shiftDown(scope, seen), (4 - quarter) % 4));
        }
        Operand<TFloat32> merged = scope.concat(views, scope.constant(3));
        int w = config.width();
        Operand<TFloat32> x = leakyRelu(scope, conv2d(scope, params, "merge1", merged, 4 * w, 4 * w, 1, 1));
        x = leakyRelu(scope, conv2d(scope, params, "merge2", x, 4 * w, w, 1, 1));
        return new Prediction(conv2d(scope, params, "mean", x, w, config.channels(), 1, 1),
                conv2d(scope, params, "log_variance_ratio", x, w, config.channels(), 1, 1));
    }

    /** {@code x} turned a quarter counter-clockwise {@code quarters} times: transpose, then flip rows. */
    static Operand<TFloat32> rotate(Ops tf, Operand<TFloat32> x, int quarters) {
        Operand<TFloat32> out = x;
        for (int i = 0; i < quarters; i++) {
            out = tf.reverse(tf.linalg.transpose(out, tf.constant(new int[] {0, 2, 1, 3})),
                    tf.constant(new int[] {1}));
        }
        return out;
    }

    /**
     * Every row moved one down, a zero row on top, the last row dropped: each row now sees only
     * what was strictly above it. Zeros, since a copy of the first row would show it to itself.
     */
    static Operand<TFloat32> shiftDown(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {1, 0}, {0, 0}, {0, 0}}),
                tf.constant(0f));
        return withoutLastRow(tf, padded);
    }

    /**
     * Max pooling shifted down by one row, so a pooled row covers rows 2j - 1 and 2j and the two
     * rows it is upsampled back to see nothing below themselves. The row above the first is a copy
     * of it, which the first row may see.
     */
    private static Operand<TFloat32> shiftedMaxPool(Ops tf, Operand<TFloat32> x) {
        return maxPool2x(tf, withoutLastRow(tf, copiesOfFirstRowAbove(tf, x, 1)));
    }

    /**
     * {@code x} with {@code rows} copies of its first row on top. Not zeros: a patch-trained
     * network whose every pixel sees a zero border (the receptive field reaches some 40 rows up)
     * leans on it and fails inside a larger photo that has none; measured, 24 dB on 32x32 patches
     * but 11 dB on the 64x64 photo they came from. Not a reflection either, which would copy a row
     * from below.
     */
    private static Operand<TFloat32> copiesOfFirstRowAbove(Ops tf, Operand<TFloat32> x, int rows) {
        Operand<TFloat32> first = tf.stridedSlice(x, tf.constant(new int[] {0, 0, 0, 0}),
                tf.constant(new int[] {0, 1, 0, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                StridedSlice.beginMask(0b1111L), StridedSlice.endMask(0b1101L));
        List<Operand<TFloat32>> parts = new ArrayList<>(rows + 1);
        for (int i = 0; i < rows; i++) {
            parts.add(first);
        }
        parts.add(x);
        return tf.concat(parts, tf.constant(1));
    }

    private static Operand<TFloat32> withoutLastRow(Ops tf, Operand<TFloat32> x) {
        return tf.stridedSlice(x, tf.constant(new int[] {0, 0, 0, 0}),
                tf.constant(new int[] {0, -1, 0, 0}), tf.constant(new int[] {1, 1, 1, 1}),
                StridedSlice.beginMask(0b1111L), StridedSlice.endMask(0b1101L));
    }

    /** One branch's weights, made once and applied to each rotation. */
    private static final class Branch {

        private final UNetConfig config;
        private final List<ShiftedConv> convs = new ArrayList<>();

        Branch(Ops tf, Parameters params, UNetConfig config) {
            this.config = config;
            int in = config.channels();
            for (int depth = 0; depth <= config.depth(); depth++) {
                int ch = config.width() << depth;
                convs.add(ShiftedConv.create(tf, params, "level" + depth + "_encode1", in, ch));
                convs.add(ShiftedConv.create(tf, params, "level" + depth + "_encode2", ch, ch));
                if (depth < config.depth()) {
                    convs.add(ShiftedConv.create(tf, params, "level" + depth + "_decode1", 3 * ch, ch));
                    convs.add(ShiftedConv.create(tf, params, "level" + depth + "_decode2", ch, ch));
                }
                in = ch;
            }
        }

        /** Features at full resolution, each computed from rows above or on its own. */
        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> input) {
            return level(tf, 0, input);
        }

        private Operand<TFloat32> level(Ops tf, int depth, Operand<TFloat32> input) {
            int first = 4 * depth;
            Operand<TFloat32> encoded = convs.get(first + 1).apply(tf, convs.get(first).apply(tf, input));
            if (depth == config.depth()) {
                return encoded;
            }
            Operand<TFloat32> deeper = level(tf, depth + 1, shiftedMaxPool(tf, encoded));
            Operand<TFloat32> up = upsample2x(tf, deeper, SkipConfig.Upsampling.NEAREST);
            Operand<TFloat32> merged = concatChannels(tf, encoded, up);
            return convs.get(first + 3).apply(tf, convs.get(first + 2).apply(tf, merged));
        }
    }

    /**
     * A 3x3 convolution and LeakyReLU whose output row sees its own row and the two above: k - 1
     * copies of the first row padded above, none below, a reflection beside (same rows), then a
     * VALID convolution.
     */
    private record ShiftedConv(Variable<TFloat32> weights, Variable<TFloat32> bias) {

        /** Its variables, drawn like {@code Layers.conv2d}'s: U(±1/sqrt(fan_in)). */
        static ShiftedConv create(Ops tf, Parameters params, String name, int in, int out) {
            Ops scope = tf.withSubScope(name);
            float bound = (float) (1.0 / Math.sqrt((double) in * KERNEL * KERNEL));
            return new ShiftedConv(params.uniform(scope, "weights", Shape.of(KERNEL, KERNEL, in, out), bound),
                    params.uniform(scope, "bias", Shape.of(out), bound));
        }

        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
            int half = KERNEL / 2;
            Operand<TFloat32> padded = tf.mirrorPad(copiesOfFirstRowAbove(tf, x, KERNEL - 1),
                    tf.constant(new int[][] {{0, 0}, {0, 0}, {half, half}, {0, 0}}), "REFLECT");
            Operand<TFloat32> conv = tf.nn.conv2d(padded, weights, List.of(1L, 1L, 1L, 1L), "VALID");
            return leakyRelu(tf, tf.nn.biasAdd(conv, bias));
        }
    }
}
