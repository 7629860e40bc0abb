package dev.revive.worker.engine.nn;

import static dev.revive.worker.engine.nn.Layers.batchNorm;
import static dev.revive.worker.engine.nn.Layers.concatChannels;
import static dev.revive.worker.engine.nn.Layers.conv2d;
import static dev.revive.worker.engine.nn.Layers.leakyRelu;
import static dev.revive.worker.engine.nn.Layers.upsample2x;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The Deep Image Prior "skip" network, op for op the reference's {@code models/skip.py} (and the
 * PyTorch copy in {@code shared/bench/torch_skipnet.py}). Each level keeps a thin skip of its
 * input (unless its width is 0), encodes with a stride-2 and a stride-1 conv, lets the deeper
 * level work at half resolution, upsamples and merges skip and upsampled features.
 */
public final class SkipNetwork {

    private final SkipConfig config;
    private final Parameters parameters;
    private final Operand<TFloat32> output;
    private final long parameterCount;

    private SkipNetwork(SkipConfig config, Parameters parameters, Operand<TFloat32> output,
            long parameterCount) {
        this.config = config;
        this.parameters = parameters;
        this.output = output;
        this.parameterCount = parameterCount;
    }

    /**
     * Adds the network to the graph, applied to {@code input} (NHWC, {@code inputChannels} deep,
     * height and width as {@link SkipConfig#acceptedSize(int)} allows); its variables go to
     * {@code parameters}.
     */
    public static SkipNetwork build(Ops tf, Parameters parameters, Operand<TFloat32> input,
            SkipConfig config) {
        long height = input.shape().get(1);
        long width = input.shape().get(2);
        if (config.acceptedSize((int) height) != height || config.acceptedSize((int) width) != width) {
            throw new IllegalArgumentException("input " + height + "x" + width + " must be a multiple"
                    + " of " + config.sizeDivisor() + " and at least " + config.acceptedSize(1));
        }
        if (input.shape().get(3) != config.inputChannels()) {
            throw new IllegalArgumentException("input has " + input.shape().get(3)
                    + " channels, the network takes " + config.inputChannels());
        }
        long before = parameters.count();
        Ops scope = tf.withSubScope("skipnet");
        Operand<TFloat32> features = level(scope, parameters, config, 0, input, config.inputChannels());
        Operand<TFloat32> image = scope.math.sigmoid(conv2d(scope, parameters, "to_image", features,
                config.channels().get(0), config.outputChannels(), 1, 1));
        return new SkipNetwork(config, parameters, image, parameters.count() - before);
    }

    /**
     * One level and, recursively, all below it. Variables are created in the reference's order
     * (skip, encoder, deeper levels, decoder), which fixes each one's random stream.
     */
    private static Operand<TFloat32> level(Ops tf, Parameters params, SkipConfig config, int depth,
            Operand<TFloat32> input, int inChannels) {
        Ops scope = tf.withSubScope("level" + depth);
        int ch = config.channels().get(depth);
        int skipCh = config.skipChannels().get(depth);
        int down = config.downKernel();

        Operand<TFloat32> skip = null;
        if (skipCh > 0) {
            skip = conv2d(scope, params, "skip_conv", input, inChannels, skipCh,
                    config.skipKernel(), 1);
            skip = leakyRelu(scope, batchNorm(scope, params, "skip_bn", skip, skipCh));
        }

        Operand<TFloat32> deeper = conv2d(scope, params, "down_conv1", input, inChannels, ch, down, 2);
        deeper = leakyRelu(scope, batchNorm(scope, params, "down_bn1", deeper, ch));
        deeper = conv2d(scope, params, "down_conv2", deeper, ch, ch, down, 1);
        deeper = leakyRelu(scope, batchNorm(scope, params, "down_bn2", deeper, ch));
        int deeperCh = ch;
        if (depth + 1 < config.levels()) {
            deeper = level(scope, params, config, depth + 1, deeper, ch);
            deeperCh = config.channels().get(depth + 1);
        }
        Operand<TFloat32> up = upsample2x(scope, deeper, config.upsampling().get(depth));

        Operand<TFloat32> merged = skip == null ? up : concatChannels(scope, skip, up);
        merged = batchNorm(scope, params, "merge_bn0", merged, skipCh + deeperCh);
        merged = conv2d(scope, params, "merge_conv1", merged, skipCh + deeperCh, ch,
                config.upKernel(), 1);
        merged = leakyRelu(scope, batchNorm(scope, params, "merge_bn1", merged, ch));
        if (config.upConv1x1()) {
            merged = conv2d(scope, params, "merge_conv2", merged, ch, ch, 1, 1);
            merged = leakyRelu(scope, batchNorm(scope, params, "merge_bn2", merged, ch));
        }
        return merged;
    }

    /** The generated image, NHWC in (0,1). */
    public Operand<TFloat32> output() {
        return output;
    }

    public SkipConfig config() {
        return config;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Scalar parameters of this network (counted as PyTorch counts them). */
    public long parameterCount() {
        return parameterCount;
    }
}
