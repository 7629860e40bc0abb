package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.imported.UnsupportedModelException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;

/**
 * A user's SavedModel as the semantic term's feature network F. Its graph stays its own (its names, variables and
 * function calls untouched); Revive only adds, beside it, the term ||F(y) - F(x)||^2 on a batch that stacks the
 * degraded photos x over the restored ones y, and the term's gradient with respect to that batch. A graph with an
 * op that has no registered gradient cannot pass the term on to the generators, and is refused when loaded.
 */
public final class SavedFeatureNetwork implements FeatureNetwork, AutoCloseable {
    private static final String TAG = "serve";

    private final SavedModelBundle bundle;
    private final Output<TFloat32> input;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> restoredGradient;
    private final int channels;
    private final float scale;

    private SavedFeatureNetwork(SavedModelBundle bundle, Output<TFloat32> input, Operand<TFloat32> loss,
            Operand<TFloat32> restoredGradient, int channels, float scale) {
        this.bundle = bundle;
        this.input = input;
        this.loss = loss;
        this.restoredGradient = restoredGradient;
        this.channels = channels;
        this.scale = scale;
    }

    /**
     * @param input    the signature's image input, [N,H,W,C]; every image of a batch must be mapped on its own
     * @param output   the features it maps to, any float shape whose first axis is the batch
     * @param maxPixel what the model takes as white (1 or 255); Revive's pixels are scaled by it
     * @throws UnsupportedModelException when the signature does not fit or the graph cannot be differentiated
     */
    public static SavedFeatureNetwork load(Path dir, String signature, String input, String output, int channels,
            float maxPixel, SessionOptions sessionOptions) {
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags(TAG)
                    .withConfigProto(sessionOptions.withCpuBfloat16(false).toConfigProto()).load();
        } catch (RuntimeException e) {
            throw new UnsupportedModelException("TensorFlow could not load the feature model: " + e.getMessage(), e);
        }
        try {
            var found = bundle.signatures().stream().filter(s -> s.key().equals(signature)).findFirst()
                    .orElseThrow(() -> new UnsupportedModelException("the feature model has no signature '"
                            + signature + "'"));
            var in = found.getInputs().get(input);
            var out = found.getOutputs().get(output);
            if (in == null || out == null) {
                throw new UnsupportedModelException("the feature model's signature '" + signature + "' has no input '"
                        + input + "' or no output '" + output + "'");
            }
            Graph graph = bundle.graph();
            Output<TFloat32> images = graph.outputOrThrow(in.name).expect(TFloat32.class);
            Output<TFloat32> features = graph.outputOrThrow(out.name).expect(TFloat32.class);
            Ops tf = Ops.create(graph).withSubScope("revive_semantic");
            // the batch is x stacked over y: the first half's features are the target of the second half's
            Split<TFloat32> halves = tf.split(tf.constant(0), features, 2L);
            Operand<TFloat32> difference = tf.math.squaredDifference(halves.output().get(1), halves.output().get(0));
            Operand<TFloat32> loss = tf.math.mean(difference,
                    tf.range(tf.constant(0), tf.rank(difference), tf.constant(1)));
            Output<?>[] gradient;
            try {
                gradient = graph.addGradients(loss.asOutput(), new Output<?>[] {images});
            } catch (RuntimeException e) {
                throw new UnsupportedModelException("the feature model cannot pass the semantic term on to the"
                        + " restorer: " + firstLine(e.getMessage()), e);
            }
            @SuppressWarnings("unchecked")
            Output<TFloat32> dImages = (Output<TFloat32>) gradient[0];
            Operand<TFloat32> restoredGradient = tf.split(tf.constant(0), dImages, 2L).output().get(1);
            return new SavedFeatureNetwork(bundle, images, loss, restoredGradient, channels, maxPixel);
        } catch (RuntimeException | Error e) {
            bundle.close();
            if (e instanceof UnsupportedModelException) {
                throw e;
            }
            throw new UnsupportedModelException("the feature model does not fit: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public Term term(float[] degraded, float[] restored, long[] shape) {
        if (shape.length != 4 || shape[3] != channels) {
            throw new IllegalArgumentException("the feature model takes " + channels + "-channel images, not "
                    + java.util.Arrays.toString(shape));
        }
        float[] stacked = new float[degraded.length + restored.length];
        for (int i = 0; i < degraded.length; i++) {
            stacked[i] = degraded[i] * scale;
        }
        for (int i = 0; i < restored.length; i++) {
            stacked[degraded.length + i] = restored[i] * scale;
        }
        try (TFloat32 batch = TFloat32.tensorOf(Shape.of(2 * shape[0], shape[1], shape[2], shape[3]),
                DataBuffers.of(stacked, true, false));
                Result result = bundle.session().runner().feed(input, batch).fetch(loss).fetch(restoredGradient)
                        .run()) {
            float value = ((TFloat32) result.get(0)).getFloat();
            float[] gradient = new float[restored.length];
            ((TFloat32) result.get(1)).copyTo(DataBuffers.of(gradient, false, false));
            // the model saw pixels times scale: the chain rule brings the scale back
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= scale;
            }
            return new Term(value, gradient);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
