package dev.revive.worker.engine.oldphoto.triplet;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;
import static dev.revive.worker.engine.nn.Layers.upsample2x;

import dev.revive.worker.engine.nn.Conv;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.ResidualBlock;
import dev.revive.worker.engine.nn.SkipConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A VAE's decoder, the encoder's mirror: residual blocks on the code, then {@code depth} nearest upsamplings each
 * followed by a 3x3 convolution that halves the channels, and a sigmoid image in [0,1].
 */
final class VaeDecoder {

    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final List<Conv> up = new ArrayList<>();
    private final Conv last;

    VaeDecoder(Ops tf, Parameters params, String name, TripletShape shape) {
        Ops scope = tf.withSubScope(name);
        for (int b = 0; b < TripletShape.RESIDUAL_BLOCKS; b++) {
            blocks.add(new ResidualBlock(scope, params, "block" + b, shape.codeChannels()));
        }
        for (int level = shape.depth(); level > 0; level--) {
            up.add(new Conv(scope, params, "up" + level, shape.width() << level, shape.width() << (level - 1), 3, 1));
        }
        last = new Conv(scope, params, "out", shape.width(), shape.channels(), 3, 1);
    }

    Operand<TFloat32> decode(Ops tf, Operand<TFloat32> code) {
        Operand<TFloat32> x = code;
        for (ResidualBlock block : blocks) {
            x = block.apply(tf, x);
        }
        for (Conv conv : up) {
            x = leakyRelu(tf, conv.apply(tf, upsample2x(tf, x, SkipConfig.Upsampling.NEAREST)));
        }
        return tf.math.sigmoid(last.apply(tf, x));
    }
}
