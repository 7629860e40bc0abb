package dev.revive.worker.engine.imported;

import dev.revive.model.ModelKind;
import dev.revive.model.ValueRange;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Finds which sides a model takes by running it: networks that pool k times need sides divisible by 2^k, and the
 * signature does not say so. Tries, for each candidate multiple, one rectangular input whose sides are consecutive
 * multiples of it between 33 and 96 (so a square-only or transposing model is caught too), smallest multiple
 * first, and keeps the first that returns the same shape with finite values (a denoiser), or any float shape of rank
 * 2 or more with a batch of one and finite values (a feature extractor).
 */
final class SideProbe {
    static final int[] MULTIPLES = {1, 2, 4, 8, 16, 32};
    static final int SMALLEST = 33;
    /** Features of one probe image at most (64 MB of floats): a VGG layer of a 96-pixel image has a few thousand. */
    static final long MAX_FEATURES = 1L << 24;

    /** The accepted sides: multiples of {@code multiple}, at least {@code minSide}. */
    record Sides(int multiple, int minSide) {
    }

    private SideProbe() {
    }

    static Sides probe(SessionFunction function, String input, String output, int channels, ValueRange range,
            ModelKind kind) {
        String last = null;
        for (int multiple : MULTIPLES) {
            int height = (SMALLEST + multiple - 1) / multiple * multiple;
            int width = height + multiple;
            try {
                String problem = run(function, input, output, height, width, channels, range, kind);
                if (problem == null) {
                    return new Sides(multiple, height);
                }
                last = problem;
            } catch (RuntimeException e) {
                last = height + "x" + width + ": " + e.getMessage();
            }
        }
        String did = kind == ModelKind.FEATURES ? "map any probe image to features" : "denoise any probe image";
        throw new UnsupportedModelException("the model did not " + did + " (sides multiples of 1 to 32,"
                + " from 33 to 96 pixels); the last: " + firstLine(last));
    }

    /** Null when the model returned what its kind returns, with finite values, else what was wrong. */
    private static String run(SessionFunction function, String input, String output, int height, int width,
            int channels, ValueRange range, ModelKind kind) {
        float[] pixels = new float[height * width * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = range.max() * (0.25f + 0.5f * ((i * 7919) % 101) / 100f);
        }
        Shape shape = Shape.of(1, height, width, channels);
        try (TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(pixels, true, false));
                Result result = function.call(Map.<String, Tensor>of(input, x))) {
            Tensor y = result.get(output).orElseThrow();
            String wrong = kind == ModelKind.FEATURES ? notFeatures(y) : notImage(y, shape);
            if (wrong != null) {
                return height + "x" + width + ": " + wrong;
            }
            float[] values = new float[(int) y.shape().size()];
            TFloat32 out = (TFloat32) y;
            out.copyTo(DataBuffers.of(values, false, false));
            for (float value : values) {
                if (!Float.isFinite(value)) {
                    return height + "x" + width + ": the output is not finite";
                }
            }
            return null;
        }
    }

    private static String notImage(Tensor y, Shape shape) {
        return y instanceof TFloat32 && y.shape().equals(shape) ? null
                : "the output is " + y.dataType() + " " + y.shape() + ", not the input's float32 " + shape;
    }

    /** Features: float32 [1, ...] of rank 2 or more, neither empty nor over {@link #MAX_FEATURES} values. */
    private static String notFeatures(Tensor y) {
        Shape shape = y.shape();
        boolean fits = shape.numDimensions() >= 2 && shape.size(0) == 1 && shape.size() > 0
                && shape.size() <= MAX_FEATURES;
        return y instanceof TFloat32 && fits ? null : "the output is " + y.dataType() + " " + shape
                + ", not float32 features [1, ...] of rank 2 or more for a batch of one image";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
