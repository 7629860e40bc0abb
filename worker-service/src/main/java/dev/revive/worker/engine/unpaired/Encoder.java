package dev.revive.worker.engine.unpaired;

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
 * An encoder of the paper: a 3x3 convolution, {@code depth} strided ones that halve the sides and
 * double the channels, then residual blocks. E_X and E_Y map photos of either domain into the shared
 * content space; E_X^N, the same shape with its own weights, encodes the degradation, which is added to
 * a content code to degrade it.
 */
final class Encoder {

    private final Conv first;
    private final List<Conv> down = new ArrayList<>();
    private final List<ResidualBlock> blocks = new ArrayList<>();

    Encoder(Ops tf, Parameters params, String name, UnpairedShape shape) {
        Ops scope = tf.withSubScope(name);
        first = new Conv(scope, params, "in", shape.channels(), shape.width(), 3, 1);
        for (int level = 0; level < shape.depth(); level++) {
            down.add(new Conv(scope, params, "down" + level, shape.width() << level, shape.width() << (level + 1), 3,
                    2));
        }
        for (int b = 0; b < shape.residualBlocks(); b++) {
            blocks.add(new ResidualBlock(scope, params, "block" + b, shape.codeChannels()));
        }
    }

    /** The code of {@code images}: 1/2^depth of their sides, {@link UnpairedShape#codeChannels()} deep. */
    Operand<TFloat32> encode(Ops tf, Operand<TFloat32> images) {
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
