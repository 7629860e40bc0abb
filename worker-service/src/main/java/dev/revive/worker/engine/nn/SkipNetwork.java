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
 * The Deep Image Prior "skip" network, op for op the PyTorch reference in
 * {@code shared/bench/torch_skipnet.py}. Each level keeps a thin 1x1 skip of its input, encodes
 * with a stride-2 and a stride-1 3x3 conv, lets the deeper level work at half resolution, upsamples
 * bilinearly and merges skip and upsampled features.
 */
public final class SkipNetwork {

    private static final int MERGE_KERNEL = 3;

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
                    + " of " + config.sizeDivisor() + " and at least " + 2 * config.sizeDivisor());
        }
        long before = parameters.count();
        Ops scope = tf.withSubScope("skipnet");
        Operand<TFloat32> features = level(scope, parameters, config, 0, input, config.inputChannels());
        Operand<TFloat32> image = scope.math.sigmoid(conv2d(scope, parameters, "to_image", features,
                config.channels(), config.outputChannels(), 1, 1));
        return new SkipNetwork(config, parameters, image, parameters.count() - before);
    }

    private static Operand<TFloat32> level(Ops tf, Parameters params, SkipConfig config, int depth,
            Operand<TFloat32> input, int inChannels) {
        Ops scope = tf.withSubScope("level" + depth);
        int ch = config.channels();
        int skipCh = config.skipChannels();

        Operand<TFloat32> skip = conv2d(scope, params, "skip_conv", input, inChannels, skipCh, 1, 1);
        skip = leakyRelu(scope, batchNorm(scope, params, "skip_bn", skip, skipCh));

        Operand<TFloat32> down = conv2d(scope, params, "down_conv1", input, inChannels, ch, 3, 2);
        down = leakyRelu(scope, batchNorm(scope, params, "down_bn1", down, ch));
        down = conv2d(scope, params, "down_conv2", down, ch, ch, 3, 1);
        down = leakyRelu(scope, batchNorm(scope, params, "down_bn2", down, ch));
        if (depth + 1 < config.levels()) {
            down = level(scope, params, config, depth + 1, down, ch);
        }
        Operand<TFloat32> up = upsample2x(scope, down);

        Operand<TFloat32> merged = batchNorm(scope, params, "merge_bn0",
                concatChannels(scope, skip, up), skipCh + ch);
        merged = conv2d(scope, params, "merge_conv1", merged, skipCh + ch, ch, MERGE_KERNEL, 1);
        merged = leakyRelu(scope, batchNorm(scope, params, "merge_bn1", merged, ch));
        merged = conv2d(scope, params, "merge_conv2", merged, ch, ch, 1, 1);
        return leakyRelu(scope, batchNorm(scope, params, "merge_bn2", merged, ch));
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
