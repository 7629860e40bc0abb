package dev.revive.worker.engine.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Layers as functions that add ops to a graph (NHWC), each matching its PyTorch counterpart in the
 * DIP reference so that the two networks are the same function.
 */
public final class Layers {

    /** PyTorch's BatchNorm2d default; TensorFlow's own default (1e-3 / 1e-4) differs. */
    private static final float BATCH_NORM_EPSILON = 1e-5f;
    private static final float LEAKY_SLOPE = 0.2f;

    private Layers() {}

    /**
     * Reflection-padded convolution, HWIO weights plus bias, initialised like PyTorch's Conv2d
     * (U(±1/sqrt(fan_in)) for both). Padding is (kernel-1)/2 on each side, then a VALID convolution.
     */
    public static Operand<TFloat32> conv2d(Ops tf, Parameters params, String name,
            Operand<TFloat32> input, int inChannels, int outChannels, int kernel, int stride) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel side must be odd, got " + kernel);
        }
        Ops scope = tf.withSubScope(name);
        float bound = (float) (1.0 / Math.sqrt((double) inChannels * kernel * kernel));
        var weights = params.uniform(scope, "weights",
                Shape.of(kernel, kernel, inChannels, outChannels), bound);
        var bias = params.uniform(scope, "bias", Shape.of(outChannels), bound);
        int pad = (kernel - 1) / 2;
        Operand<TFloat32> padded = input;
        if (pad > 0) {
            padded = scope.mirrorPad(input,
                    scope.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), "REFLECT");
        }
        Operand<TFloat32> conv = scope.nn.conv2d(padded, weights,
                List.of(1L, (long) stride, (long) stride, 1L), "VALID");
        return scope.nn.biasAdd(conv, bias);
    }

    /**
     * Batch norm over the batch's own statistics with learnable scale (1) and offset (0). DIP always
     * trains, and fits one image, so there are no running averages to keep.
     */
    public static Operand<TFloat32> batchNorm(Ops tf, Parameters params, String name,
            Operand<TFloat32> input, int channels) {
        Ops scope = tf.withSubScope(name);
        var scale = params.constant(scope, "scale", Shape.of(channels), 1f);
        var offset = params.constant(scope, "offset", Shape.of(channels), 0f);
        Operand<TFloat32> none = scope.constant(new float[0]);
        return scope.nn.fusedBatchNorm(input, scale, offset, none, none,
                FusedBatchNorm.epsilon(BATCH_NORM_EPSILON), FusedBatchNorm.isTraining(true)).y();
    }

    public static Operand<TFloat32> leakyRelu(Ops tf, Operand<TFloat32> input) {
        return tf.nn.leakyRelu(input, LeakyRelu.alpha(LEAKY_SLOPE));
    }

    /**
     * Doubles height and width: bilinear with half-pixel centres (PyTorch's
     * {@code align_corners=False}), or nearest, which repeats every pixel 2x2 as PyTorch does.
     */
    public static Operand<TFloat32> upsample2x(Ops tf, Operand<TFloat32> input,
            SkipConfig.Upsampling mode) {
        Shape shape = input.shape();
        Operand<TInt32> size;
        if (shape.get(1) < 0 || shape.get(2) < 0) {
            // A graph that takes any size (a trained denoiser) learns the size only when it runs.
            Operand<TInt32> sides = tf.stridedSlice(tf.shape(input), tf.constant(new int[] {1}),
                    tf.constant(new int[] {3}), tf.constant(new int[] {1}));
            size = tf.math.mul(sides, tf.constant(2));
        } else {
            size = tf.constant(new int[] {2 * Math.toIntExact(shape.get(1)),
                    2 * Math.toIntExact(shape.get(2))});
        }
        return switch (mode) {
            case BILINEAR -> tf.image.resizeBilinear(input, size, ResizeBilinear.halfPixelCenters(true));
            case NEAREST -> tf.image.resizeNearestNeighbor(input, size);
        };
    }

    /** Halves height and width, keeping the largest of each 2x2 block (sides must be even). */
    public static Operand<TFloat32> maxPool2x(Ops tf, Operand<TFloat32> input) {
        return tf.nn.maxPool(input, tf.constant(new int[] {1, 2, 2, 1}),
                tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    /**
     * Inverted dropout: each sample zeroed with probability {@code rate}, the rest scaled by
     * 1/(1 - rate). The rate is an operand so one graph trains with it and serves without it (0
     * multiplies every sample by exactly 1); stateless, so a (key, stream) seed repeats the draw.
     */
    public static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> input, Operand<TFloat32> rate,
            Operand<TInt64> key, long stream) {
        Operand<TFloat32> unit = tf.random.statelessRandomUniform(tf.shape(input),
                RandomStreams.seed(tf, key, stream), TFloat32.class);
        Operand<TFloat32> kept = tf.dtypes.cast(tf.math.greaterEqual(unit, rate), TFloat32.class);
        return tf.math.mul(input, tf.math.div(kept, tf.math.sub(tf.constant(1f), rate)));
    }

    /** Channel concatenation, first operand's channels first (as {@code torch.cat(dim=1)}). */
    public static Operand<TFloat32> concatChannels(Ops tf, Operand<TFloat32> first,
            Operand<TFloat32> second) {
        return tf.concat(List.of(first, second), tf.constant(3));
    }
}
