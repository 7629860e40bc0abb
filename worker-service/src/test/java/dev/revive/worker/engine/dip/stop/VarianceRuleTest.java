package dev.revive.worker.engine.dip.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class VarianceRuleTest {

    private static final int SAMPLES = 1024;

    /** Outputs that settle until {@code settledAt} and then wander more and more: ES-WMV's U. */
    private static IntToDoubleFunction uShape(int settledAt) {
        return t -> 0.001 + 0.05 * Math.abs(t - settledAt) / settledAt;
    }

    @Test
    void stopsPatienceStepsAfterTheLowestVarianceAndNotBefore() {
        VarianceRule rule = new VarianceRule(10, 60, 0);

        int stop = run(rule, uShape(300), 2000);

        // the window's variance is lowest when it is centred near the settled step
        assertTrue(rule.minimumAt() > 295 && rule.minimumAt() < 315, "minimum at " + rule.minimumAt());
        assertEquals(rule.minimumAt() + 60, stop);
    }

    /** A fresh network's outputs barely move: that first low variance is not the minimum. */
    @Test
    void ignoresTheVarianceOfTheWarmUp() {
        IntToDoubleFunction startsStill = t -> t < 100 ? 0.0005 : uShape(600).applyAsDouble(t);

        int hasty = run(new VarianceRule(10, 50, 0), startsStill, 2000);
        VarianceRule rule = new VarianceRule(10, 50, 150);
        int stop = run(rule, startsStill, 2000);

        assertTrue(hasty < 160, "without a warm-up it stops in the still start, at " + hasty);
        assertTrue(rule.minimumAt() > 590 && rule.minimumAt() < 615, "minimum at " + rule.minimumAt());
        assertEquals(rule.minimumAt() + 50, stop);
    }

    @Test
    void neverStopsWithinTheWarmUpAndThenWaitsThePatience() {
        // the variance only grows, so the first step after the warm-up is the minimum
        assertEquals(255, run(new VarianceRule(10, 5, 250), t -> 0.001 + 1e-4 * t, 2000));
    }

    /** A new minimum within the patience restarts the wait. */
    @Test
    void aNewMinimumRestartsThePatience() {
        VarianceRule rule = new VarianceRule(10, 100, 0);
        double[] variances = new double[1000];
        for (int t = 1; t < variances.length; t++) {
            variances[t] = t <= 200 ? 1 - t / 400.0
                    : t <= 260 ? 0.6
                    : t < 400 ? 0.5 - (t - 260) / 1000.0
                    : 1;
        }
        int stop = 0;
        for (int t = 1; t < variances.length && stop == 0; t++) {
            stop = rule.onVariance(t, variances[t]) ? t : 0;
        }
        // the minimum of the first descent (0.5 at 200) is not waited out: a lower one comes at 399
        assertEquals(399, rule.minimumAt());
        assertEquals(499, stop);
    }

    @Test
    void refusesToRunWithoutOutputs() {
        assertThrows(IllegalArgumentException.class,
                () -> new VarianceRule(10, 10, 0).shouldStop(1, 0.1, null));
    }

    /** Feeds outputs whose spread around a fixed picture is {@code amplitude(t)}; the stop step. */
    private static int run(VarianceRule rule, IntToDoubleFunction amplitude, int steps) {
        Random random = new Random(1);
        float[] picture = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            picture[i] = 0.3f + 0.4f * random.nextFloat();
        }
        for (int t = 1; t <= steps; t++) {
            float[] output = new float[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                output[i] = (float) (picture[i] + amplitude.applyAsDouble(t) * random.nextGaussian());
            }
            if (rule.shouldStop(t, Double.NaN, output)) {
                return t;
            }
        }
        return -1;
    }
}
