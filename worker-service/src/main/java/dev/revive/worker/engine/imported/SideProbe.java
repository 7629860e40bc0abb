package dev.revive.worker.engine.imported;

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
 * first, and keeps the first that returns the same shape with finite values.
 */
final class SideProbe {
    static final int[] MULTIPLES = {1, 2, 4, 8, 16, 32};
    static final int SMALLEST = 33;

    /** The accepted sides: multiples of {@code multiple}, at least {@code minSide}. */
    record Sides(int multiple, int minSide) {
    }

    private SideProbe() {
    }

    static Sides probe(SessionFunction function, String input, String output, int channels, ValueRange range) {
        String last = null;
        for (int multiple : MULTIPLES) {
            int height = (SMALLEST + multiple - 1) / multiple * multiple;
            int width = height + multiple;
            try {
                String problem = run(function, input, output, height, width, channels, range);
                if (problem == null) {
                    return new Sides(multiple, height);
                }
                last = problem;
            } catch (RuntimeException e) {
                last = height + "x" + width + ": " + e.getMessage();
            }
        }
        throw new UnsupportedModelException("the model did not denoise any probe image (sides multiples of 1 to 32,"
                + " from 33 to 96 pixels); the last: " + firstLine(last));
    }

    /** Null when the model returned an image of the input's shape with finite values, else what was wrong. */
    private static String run(SessionFunction function, String input, String output, int height, int width,
            int channels, ValueRange range) {
        float[] pixels = new float[height * width * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = range.max() * (0.25f + 0.5f * ((i * 7919) % 101) / 100f);
        }
        Shape shape = Shape.of(1, height, width, channels);
        try (TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(pixels, true, false));
                Result result = function.call(Map.<String, Tensor>of(input, x))) {
            Tensor y = result.get(output).orElseThrow();
            if (!(y instanceof TFloat32 out) || !y.shape().equals(shape)) {
                return height + "x" + width + ": the output is " + y.dataType() + " " + y.shape() + ", not the"
                        + " input's float32 " + shape;
            }
            float[] values = new float[pixels.length];
            out.copyTo(DataBuffers.of(values, false, false));
            for (float value : values) {
                if (!Float.isFinite(value)) {
                    return height + "x" + width + ": the output is not finite";
                }
            }
            return null;
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
}
