package dev.revive.worker.engine.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AxisWindowsTest {

    /** Tiles of 64 at 0, 48, 96, 139 over 203: overlaps of 16, 16 and 21 pixels. */
    private final AxisWindows windows = new AxisWindows(new int[] {0, 48, 96, 139}, 64, 203);

    @Test
    void neighboursShareAnOverlapWithWeightsSummingToOne() {
        for (int x = 48; x < 64; x++) {
            assertEquals(1.0, windows.weight(0, x) + windows.weight(1, x - 48), 1e-12);
        }
        for (int x = 139; x < 160; x++) {
            assertEquals(1.0, windows.weight(2, x - 96) + windows.weight(3, x - 139), 1e-12);
        }
        for (int x = 0; x < 203; x++) {
            assertEquals(1.0, windows.total(x), 1e-12, "at " + x);
        }
    }

    @Test
    void weightsFallNearlyToZeroAtInnerEdgesAndStayWholeAtTheBorder() {
        assertEquals(1.0, windows.weight(0, 0));
        assertEquals(1.0, windows.weight(3, 63));
        assertTrue(windows.weight(0, 63) < 0.01 && windows.weight(0, 63) > 0);
        assertTrue(windows.weight(1, 0) < 0.01 && windows.weight(1, 0) > 0);
        assertEquals(1.0, windows.weight(1, 31));
        for (int t = 1; t < 16; t++) {
            assertTrue(windows.weight(1, t) > windows.weight(1, t - 1), "rising at " + t);
        }
    }

    @Test
    void threeTilesMeetingStillBlendToAPositiveTotal() {
        // rows of 117 in tiles of 64 at 0, 48, 53: tiles 0 and 2 overlap over [53, 64) too
        AxisWindows rows = new AxisWindows(new int[] {0, 48, 53}, 64, 117);
        for (int y = 0; y < 117; y++) {
            assertTrue(rows.total(y) > 0.5, "at " + y + ": " + rows.total(y));
        }
        assertEquals(rows.weight(0, 50) + rows.weight(1, 2), rows.totalBefore(2, 50), 1e-12);
    }
}
