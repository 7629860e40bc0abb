package dev.revive.worker.engine.unpaired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Feature extractors as a user would register them, exported here with TensorFlow Java: a fixed random 3x3
 * convolution with LeakyReLU (the same as {@link #inGraph}), under a signature and names of their own, and a variant
 * that first resamples the image with ResizeArea, an op with no registered gradient; and a VGG-like one whose
 * stride-2 convolution halves the sides, for a features import.
 */
public final class FeatureSavedModels {
    public static final String SIGNATURE = "extract";
    public static final String INPUT = "image";
    public static final String OUTPUT = "features";

    private FeatureSavedModels() {
    }

    /** The convolution's kernel, [3,3,channels,features], the same for every call. */
    private static Operand<TFloat32> kernel(Ops tf, int channels, int features) {
        float[] kernel = new float[3 * 3 * channels * features];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (random.nextDouble() - 0.5);
        }
        return tf.reshape(tf.constant(kernel), tf.constant(new long[] {3, 3, channels, features}));
    }

    private static Operand<TFloat32> extract(Ops tf, Operand<TFloat32> images, int channels, int features) {
        return extract(tf, images, channels, features, 1);
    }

    private static Operand<TFloat32> extract(Ops tf, Operand<TFloat32> images, int channels, int features,
            int stride) {
        return tf.nn.leakyRelu(tf.nn.conv2d(images, kernel(tf, channels, features),
                List.of(1L, (long) stride, (long) stride, 1L), "SAME"));
    }

    /** The same features as fixed ops of the training graph. */
    public static FeatureExtractor inGraph(int channels, int features) {
        return (tf, images) -> extract(tf, images, channels, features);
    }

    /** @param differentiable false for the ResizeArea variant */
    public static void export(Path dir, int channels, int features, boolean differentiable) {
        export(dir, channels, features, differentiable, 1);
    }

    /** Features at half the sides, [N,ceil(H/2),ceil(W/2),features]: refused as a denoiser, fine as features. */
    public static void exportDownsampling(Path dir, int channels, int features) {
        export(dir, channels, features, true, 2);
    }

    /** One number an image, [N]: the convolution's features averaged, of too low a rank to compare maps. */
    public static void exportPooled(Path dir, int channels) {
        export(dir, channels, 4, true, -1);
    }

    /** @param stride the convolution's, or -1 for one of 1 averaged down to [N] */
    private static void export(Path dir, int channels, int features, boolean differentiable, int stride) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName("user_image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, channels)));
            Operand<TFloat32> image = input;
            if (!differentiable) {
                var size = tf.stridedSlice(tf.shape(input), tf.constant(new int[] {1}), tf.constant(new int[] {3}),
                        tf.constant(new int[] {1}));
                image = tf.image.resizeArea(input, size);
            }
            Operand<TFloat32> output = extract(tf, image, channels, features, Math.max(1, stride));
            if (stride < 0) {
                output = tf.math.mean(output, tf.constant(new int[] {1, 2, 3}));
            }
            SessionFunction function = SessionFunction.create(Signature.builder().key(SIGNATURE)
                    .input(INPUT, input).output(OUTPUT, output).build(), session);
            SavedModelBundle.exporter(dir.toString()).withFunction(function).export();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
