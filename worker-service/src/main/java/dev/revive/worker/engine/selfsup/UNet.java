package dev.revive.worker.engine.selfsup;

import static dev.revive.worker.engine.nn.Layers.concatChannels;
import static dev.revive.worker.engine.nn.Layers.conv2d;
import static dev.revive.worker.engine.nn.Layers.dropout;
import static dev.revive.worker.engine.nn.Layers.leakyRelu;
import static dev.revive.worker.engine.nn.Layers.maxPool2x;
import static dev.revive.worker.engine.nn.Layers.upsample2x;

import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.SkipConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The U-Net of the self-supervised denoising papers (Noise2Void's, shrunk): two 3x3 convolutions
 * per level, max pooling down, nearest upsampling and concatenated skips up, LeakyReLU, no batch
 * norm (so a patch-trained net behaves the same on a whole photo). Fully convolutional: it takes
 * any batch and any side that {@link UNetConfig#acceptedSize} allows. Dropout before every
 * decoding block and the output convolution, for Self2Self, at a fed rate that is 0 for every
 * other method.
 */
public final class UNet {

    private UNet() {}

    /**
     * Where and how much the decoder drops: a scalar rate and an int64 key that seeds the draw.
     */
    public record Dropout(Operand<TFloat32> rate, Operand<TInt64> key) {
    }

    /** Adds the network applied to {@code input} (NHWC) to the graph; its variables go to {@code params}. */
    public static Operand<TFloat32> build(Ops tf, Parameters params, Operand<TFloat32> input,
            UNetConfig config, Dropout drop) {
        return build(tf, params, input, config, drop, config.channels());
    }

    /**
     * As {@link #build(Ops, Parameters, Operand, UNetConfig, Dropout)} with {@code outChannels}
     * output maps, e.g. one logit per pixel for a segmentation; a residual net must give back its
     * input's channels.
     */
    public static Operand<TFloat32> build(Ops tf, Parameters params, Operand<TFloat32> input,
            UNetConfig config, Dropout drop, int outChannels) {
        if (config.residual() && outChannels != config.channels()) {
            throw new IllegalArgumentException("a residual U-Net outputs its input's channels");
        }
        Ops scope = tf.withSubScope("unet");
        Operand<TFloat32> features = level(scope, params, config, drop, 0, input, config.channels());
        Operand<TFloat32> out = conv2d(scope, params, "to_image",
                dropout(scope, features, drop.rate(), drop.key(), 0), config.width(),
                outChannels, 1, 1);
        return config.residual() ? scope.math.add(input, out) : out;
    }

    /** One level and, recursively, all below it: encode, go deeper, come back up, merge. */
    private static Operand<TFloat32> level(Ops tf, Parameters params, UNetConfig config,
            Dropout drop, int depth, Operand<TFloat32> input, int inChannels) {
        Ops scope = tf.withSubScope("level" + depth);
        int ch = config.width() << depth;
        Operand<TFloat32> encoded = block(scope, params, "encode", input, inChannels, ch);
        if (depth == config.depth()) {
            return encoded;
        }
        Operand<TFloat32> deeper = level(scope, params, config, drop, depth + 1,
                maxPool2x(scope, encoded), ch);
        Operand<TFloat32> up = upsample2x(scope, deeper, SkipConfig.Upsampling.NEAREST);
        Operand<TFloat32> merged = dropout(scope, concatChannels(scope, encoded, up), drop.rate(),
                drop.key(), depth + 1);
        return block(scope, params, "decode", merged, 3 * ch, ch);
    }

    private static Operand<TFloat32> block(Ops tf, Parameters params, String name,
            Operand<TFloat32> input, int inChannels, int outChannels) {
        Ops scope = tf.withSubScope(name);
        Operand<TFloat32> x = leakyRelu(scope, conv2d(scope, params, "conv1", input, inChannels,
                outChannels, 3, 1));
        return leakyRelu(scope, conv2d(scope, params, "conv2", x, outChannels, outChannels, 3, 1));
    }
}
