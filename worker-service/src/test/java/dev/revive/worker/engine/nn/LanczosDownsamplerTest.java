package dev.revive.worker.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LanczosDownsamplerTest {

    @Test
    void kernelSumsToOneIsSymmetricAndHasNegativeLobes() {
        for (int factor : new int[] {2, 3, 4, 8}) {
            double[][] kernel = LanczosDownsampler.kernel(factor);
            int side = kernel.length;
            assertEquals(4 * factor, side);
            double sum = 0;
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    sum += kernel[i][j];
                    assertEquals(kernel[i][j], kernel[side - 1 - i][j], 1e-15);
                    assertEquals(kernel[i][j], kernel[j][i], 1e-15);
                }
            }
            assertEquals(1.0, sum, 1e-12, "factor " + factor);
            int middle = side / 2;
            assertTrue(kernel[middle][middle] > kernel[middle][middle + factor]);
            // sinc's second lobe: taps between one and two low-resolution pixels out are negative
            assertTrue(kernel[middle][side - 1] < 0, "factor " + factor);
        }
    }

    /** 1D taps for factor 2 from the formula of models/downsampler.py, worked by hand. */
    @Test
    void kernelMatchesTheReferenceFormula() {
        double[] distances = {1.75, 1.25, 0.75, 0.25, 0.25, 0.75, 1.25, 1.75};
        double[] taps = new double[8];
        double total = 0;
        for (int i = 0; i < 8; i++) {
            double x = distances[i];
            taps[i] = 2 * Math.sin(Math.PI * x) * Math.sin(Math.PI * x / 2) / (Math.PI * Math.PI * x * x);
            total += taps[i];
        }
        double[][] kernel = LanczosDownsampler.kernel(2);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(taps[i] * taps[j] / (total * total), kernel[i][j], 1e-12);
            }
        }
    }

    @Test
    void constantImageStaysThatConstantAtASmallerSize() {
        for (int factor : new int[] {2, 3, 4}) {
            int height = 4 * factor;
            int width = 6 * factor;
            float[] pixels = new float[height * width * 3];
            Arrays.fill(pixels, 0.37f);
            float[] out = downsample(pixels, height, width, factor);

            float[] expected = new float[(height / factor) * (width / factor) * 3];
            Arrays.fill(expected, 0.37f);
            assertArrayEquals(expected, out, 1e-5f, "factor " + factor);
        }
    }

    private static float[] downsample(float[] pixels, int height, int width, int factor) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Shape shape = Shape.of(1, height, width, 3);
            var image = tf.constant(shape, DataBuffers.of(pixels, true, false));
            var small = LanczosDownsampler.apply(tf, image, factor);
            assertEquals(Shape.of(1, height / factor, width / factor, 3), small.shape());
            try (Result result = session.runner().fetch(small).run()) {
                TFloat32 tensor = (TFloat32) result.get(0);
                float[] out = new float[(int) tensor.size()];
                tensor.copyTo(DataBuffers.of(out, false, false));
                return out;
            }
        }
    }
}
