package dev.revive.worker.engine.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A reflection-padded convolution whose weights are made once and applied to many inputs: the unpaired and
 * triplet networks run each encoder and generator on several images with one set of weights, which
 * {@link Layers#conv2d} cannot, since it makes new variables at every call.
 */
public final class Conv {

    private final Variable<TFloat32> weights;
    private final Variable<TFloat32> bias;
    private final int kernel;
    private final int stride;

    /** PyTorch's default initialisation, U(±1/sqrt(fan_in)), as for every other network here. */
    public Conv(Ops tf, Parameters params, String name, int in, int out, int kernel, int stride) {
        if (kernel % 2 == 0 || (stride != 1 && stride != 2)) {
            throw new IllegalArgumentException("odd kernel and stride 1 or 2, got " + kernel + " and " + stride);
        }
        Ops scope = tf.withSubScope(name);
        float bound = (float) (1.0 / Math.sqrt((double) in * kernel * kernel));
        this.weights = params.uniform(scope, "weights", Shape.of(kernel, kernel, in, out), bound);
        this.bias = params.uniform(scope, "bias", Shape.of(out), bound);
        this.kernel = kernel;
        this.stride = stride;
    }

    /** Stride 2 halves an even side exactly: reflection pad 1, then a VALID 3x3 window every other pixel. */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> input) {
        int pad = (kernel - 1) / 2;
        Operand<TFloat32> padded = pad == 0 ? input
                : tf.mirrorPad(input, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), "REFLECT");
        Operand<TFloat32> conv = tf.nn.conv2d(padded, weights, List.of(1L, (long) stride, (long) stride, 1L),
                "VALID");
        return tf.nn.biasAdd(conv, bias);
    }
}
