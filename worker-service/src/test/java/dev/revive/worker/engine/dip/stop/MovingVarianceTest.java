package dev.revive.worker.engine.dip.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MovingVarianceTest {

    /** Against the definition: mean over samples of the variance of the last W values. */
    @Test
    void matchesTheVarianceOfTheLastWindow() {
        Random random = new Random(3);
        int samples = 7;
        int window = 4;
        float[][] outputs = new float[11][samples];
        MovingVariance variance = new MovingVariance(window);
        for (int t = 0; t < outputs.length; t++) {
            for (int i = 0; i < samples; i++) {
                outputs[t][i] = random.nextFloat();
            }
            variance.add(outputs[t]);
            assertEquals(t + 1 >= window, variance.full());
            if (t + 1 >= window) {
                assertEquals(direct(outputs, t, window, samples), variance.value(), 1e-9, "step " + t);
            }
        }
    }

    @Test
    void isNotANumberUntilTheWindowIsFull() {
        MovingVariance variance = new MovingVariance(3);
        variance.add(new float[] {0.5f});
        variance.add(new float[] {0.6f});
        assertFalse(variance.full());
        assertTrue(Double.isNaN(variance.value()));
    }

    /** A subset of samples, spread over channels and columns, still gives the mean variance. */
    @Test
    void subsetOfSamplesEstimatesTheMean() {
        Random random = new Random(5);
        int samples = 30_000;
        MovingVariance all = new MovingVariance(5, samples);
        MovingVariance subset = new MovingVariance(5, 1000);
        for (int t = 0; t < 5; t++) {
            float[] output = new float[samples];
            for (int i = 0; i < samples; i++) {
                // three "channels" of very different variance
                output[i] = (float) (0.5 + (0.02 + 0.1 * (i % 3)) * random.nextGaussian());
            }
            all.add(output);
            subset.add(output);
        }
        assertEquals(all.value(), subset.value(), 0.1 * all.value());
    }

    @Test
    void strideAvoidsMultiplesOfTwoAndThree() {
        assertEquals(1, MovingVariance.strideFor(100, 100));
        assertEquals(5, MovingVariance.strideFor(400, 100));
        assertEquals(7, MovingVariance.strideFor(600, 100));
    }

    private static double direct(float[][] outputs, int last, int window, int samples) {
        double total = 0;
        for (int i = 0; i < samples; i++) {
            double mean = 0;
            for (int t = last - window + 1; t <= last; t++) {
                mean += outputs[t][i];
            }
            mean /= window;
            double variance = 0;
            for (int t = last - window + 1; t <= last; t++) {
                variance += (outputs[t][i] - mean) * (outputs[t][i] - mean);
            }
            total += variance / window;
        }
        return total / samples;
    }
}
