package dev.revive.worker.engine.nn;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** x + conv(lrelu(conv(x))): the blocks at the code's resolution of the unpaired and triplet networks. */
public final class ResidualBlock {

    private final Conv first;
    private final Conv second;

    public ResidualBlock(Ops tf, Parameters params, String name, int channels) {
        Ops scope = tf.withSubScope(name);
        first = new Conv(scope, params, "conv1", channels, channels, 3, 1);
        second = new Conv(scope, params, "conv2", channels, channels, 3, 1);
    }

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return tf.math.add(x, second.apply(tf, leakyRelu(tf, first.apply(tf, x))));
    }
}
