package dev.revive.worker.engine.oldphoto.triplet;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;

import dev.revive.worker.engine.nn.Conv;
import dev.revive.worker.engine.nn.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A least-squares patch discriminator: strided 3x3 convolutions with LeakyReLU and a 1x1 score per patch. The
 * latent one tells real old photos' codes from synthetic ones'; the image one tells clean photos from restored
 * synthetic ones, and its inner activations are what feature matching compares.
 */
final class Discriminator {

    private final List<Conv> layers = new ArrayList<>();
    private final Conv score;

    /** @param strided layers that halve the sides (2 for photos; 0 for codes, already small) */
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

    /** Every layer's activation, the score per patch last. */
    List<Operand<TFloat32>> features(Ops tf, Operand<TFloat32> input) {
        List<Operand<TFloat32>> out = new ArrayList<>();
        Operand<TFloat32> x = input;
        for (Conv conv : layers) {
            x = leakyRelu(tf, conv.apply(tf, x));
            out.add(x);
        }
        out.add(score.apply(tf, x));
        return out;
    }

    Operand<TFloat32> judge(Ops tf, Operand<TFloat32> input) {
        List<Operand<TFloat32>> all = features(tf, input);
        return all.get(all.size() - 1);
    }
}
