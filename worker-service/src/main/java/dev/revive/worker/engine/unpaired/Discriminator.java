package dev.revive.worker.engine.unpaired;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;

import dev.revive.worker.engine.nn.Conv;
import dev.revive.worker.engine.nn.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A patch discriminator: strided 3x3 convolutions with LeakyReLU and a 1x1 score per patch, trained
 * by least squares (1 for the real domain, 0 for the other). D_X and D_Y judge photos, D_R judges
 * content codes, telling z_X from z_Y.
 */
final class Discriminator {

    private final List<Conv> layers = new ArrayList<>();
    private final Conv score;

    /**
     * @param strided layers that halve the sides (2 for photos; 0 for codes, already small)
     */
    Discriminator(Ops tf, Parameters params, String name, int in, int width, int layers, int strided) {
        Ops scope = tf.withSubScope(name);
        int channels = in;
        for (int i = 0; i < layers; i++) {
            int out = width << Math.min(i, 2);
            this.layers.add(new Conv(scope, params, "conv" + i, channels, out, 3, i < strided ? 2 : 1));
            channels = out;
        }
        score = new Conv(scope, params, "score", channels, 1, 1, 1);
    }

    Operand<TFloat32> judge(Ops tf, Operand<TFloat32> input) {
        Operand<TFloat32> x = input;
        for (Conv conv : layers) {
            x = leakyRelu(tf, conv.apply(tf, x));
        }
        return score.apply(tf, x);
    }
}
