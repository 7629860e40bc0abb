package dev.revive.worker.engine.dip.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class DiscrepancyRuleTest {

    private static final double SIGMA = 0.1;

    /** The misfit of a fit that explains the photo first and then the noise: from 5 sigma^2 to 0. */
    private static final IntToDoubleFunction FALLING = t -> 0.05 * Math.exp(-t / 300.0);

    @Test
    void stopsWhenTheMisfitReachesTheNoiseLevelAndNotBefore() {
        DiscrepancyRule rule = new DiscrepancyRule(SIGMA, 1.0, 0, 0);

        int stop = run(rule, FALLING, 5000);

        // 0.05 exp(-t/300) <= 0.01 from t = 300 ln 5 = 482.8
        assertEquals(483, stop);
    }

    @Test
    void tauMovesTheStopAlongTheCurve() {
        int strict = run(new DiscrepancyRule(SIGMA, 0.8, 0, 0), FALLING, 5000);
        int loose = run(new DiscrepancyRule(SIGMA, 1.2, 0, 0), FALLING, 5000);

        assertTrue(loose < 483 && strict > 483, "stops at " + loose + " and " + strict);
    }

    @Test
    void neverStopsWithinTheWarmUp() {
        DiscrepancyRule rule = new DiscrepancyRule(SIGMA, 1.0, 0, 150);

        assertEquals(150, run(rule, t -> 0.001, 5000));
    }

    /** One lucky step below the level must not stop a fit that is still far above it. */
    @Test
    void smoothingIgnoresASingleLowLoss() {
        IntToDoubleFunction spiky = t -> t == 100 ? 0.001 : FALLING.applyAsDouble(t);

        assertEquals(100, run(new DiscrepancyRule(SIGMA, 1.0, 0, 0), spiky, 5000));
        int smoothed = run(new DiscrepancyRule(SIGMA, 1.0, 0.9, 0), spiky, 5000);
        assertTrue(smoothed > 483, "stopped at " + smoothed);
    }

    /** No noise measured: nothing to stop at, so the iteration cap decides. */
    @Test
    void defersToTheCapWithoutNoise() {
        assertEquals(-1, run(new DiscrepancyRule(0, 1.0, 0, 0), FALLING, 3000));
    }

    @Test
    void refusesToRunWithoutTheLoss() {
        assertThrows(IllegalArgumentException.class,
                () -> new DiscrepancyRule(SIGMA, 1.0, 0, 0).shouldStop(1, Double.NaN, null));
    }

    private static int run(DiscrepancyRule rule, IntToDoubleFunction loss, int steps) {
        for (int t = 1; t <= steps; t++) {
            if (rule.shouldStop(t, loss.applyAsDouble(t), null)) {
                return t;
            }
        }
        return -1;
    }
}
