package dev.revive.worker.engine.oldphoto.triplet;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;

import dev.revive.worker.engine.nn.Parameters;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** x + conv(lrelu(conv(x))): the blocks at the latent resolution of the VAEs and the mapping. */
final class ResidualBlock {

    private final Conv first;
    private final Conv second;

    ResidualBlock(Ops tf, Parameters params, String name, int channels) {
        Ops scope = tf.withSubScope(name);
        first = new Conv(scope, params, "conv1", channels, channels, 3, 1);
        second = new Conv(scope, params, "conv2", channels, channels, 3, 1);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return tf.math.add(x, second.apply(tf, leakyRelu(tf, first.apply(tf, x))));
    }
}
