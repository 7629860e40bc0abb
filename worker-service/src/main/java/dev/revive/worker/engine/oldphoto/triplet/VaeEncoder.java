package dev.revive.worker.engine.oldphoto.triplet;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;

import dev.revive.worker.engine.nn.Conv;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.ResidualBlock;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A VAE's encoder: a 3x3 convolution, {@code depth} strided ones that halve the sides and double the channels,
 * then residual blocks, giving the mean of the latent code. As in the authors' code the posterior has unit
 * variance, so the code is the mean plus a standard normal draw in training and the mean alone in use.
 */
final class VaeEncoder {

    private final Conv first;
    private final List<Conv> down = new ArrayList<>();
    private final List<ResidualBlock> blocks = new ArrayList<>();

    VaeEncoder(Ops tf, Parameters params, String name, TripletShape shape) {
        Ops scope = tf.withSubScope(name);
        first = new Conv(scope, params, "in", shape.channels(), shape.width(), 3, 1);
        for (int level = 0; level < shape.depth(); level++) {
            down.add(new Conv(scope, params, "down" + level, shape.width() << level, shape.width() << (level + 1), 3,
                    2));
        }
        for (int b = 0; b < TripletShape.RESIDUAL_BLOCKS; b++) {
            blocks.add(new ResidualBlock(scope, params, "block" + b, shape.codeChannels()));
        }
    }

    /** The posterior mean of {@code images}: 1/2^depth of their sides, {@link TripletShape#codeChannels()} deep. */
    Operand<TFloat32> mean(Ops tf, Operand<TFloat32> images) {
        Operand<TFloat32> x = leakyRelu(tf, first.apply(tf, images));
        for (Conv conv : down) {
            x = leakyRelu(tf, conv.apply(tf, x));
        }
        for (ResidualBlock block : blocks) {
            x = block.apply(tf, x);
        }
        return x;
    }
}
