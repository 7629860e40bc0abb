package dev.revive.worker.engine.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TilePlanTest {

    @Test
    void coversAnOddSizedImageWithEqualTilesTheLastShiftedInwards() {
        TilePlan plan = TilePlan.of(203, 117, 64, 64, 16, 1);

        assertArrayEquals(new int[] {0, 48, 96, 139}, plan.columnStarts());
        assertArrayEquals(new int[] {0, 48, 53}, plan.rowStarts());
        assertEquals(12, plan.tileCount());
        assertCoversOnceOrMoreWithOverlap(plan, 16);
    }

    @Test
    void superResolutionTilesFallOnTheObservedGrid() {
        TilePlan plan = TilePlan.of(100, 66, 64, 64, 16, 2);

        for (Tile tile : plan.tiles()) {
            assertEquals(0, tile.x() % 2, "x of " + tile);
            assertEquals(0, tile.y() % 2, "y of " + tile);
        }
        assertCoversOnceOrMoreWithOverlap(plan, 16);
        assertThrows(IllegalArgumentException.class, () -> TilePlan.of(100, 66, 64, 64, 15, 2));
        assertThrows(IllegalArgumentException.class, () -> TilePlan.of(100, 66, 63, 64, 16, 2));
    }

    @Test
    void anImageThatFitsIsOneTileOfItsOwnSize() {
        TilePlan plan = TilePlan.of(60, 40, 64, 64, 16, 1);

        assertTrue(plan.single());
        assertEquals(List.of(new Tile(0, 0, 0, 0, 60, 40)), plan.tiles());
    }

    @Test
    void anAxisShorterThanATileIsSpannedByEveryTile() {
        TilePlan plan = TilePlan.of(300, 50, 128, 128, 32, 1);

        assertArrayEquals(new int[] {0}, plan.rowStarts());
        assertEquals(50, plan.tileHeight());
        assertArrayEquals(new int[] {0, 96, 172}, plan.columnStarts());
    }

    @Test
    void budgetGivesSquareTilesOnTheNetworkGridOrOneTileWhenTheImageFits() {
        TilePlan large = TilePlan.forBudget(4096, 4096, 1, 512L * 512, 32, 32);
        assertEquals(512, large.tileWidth());
        assertEquals(512, large.tileHeight());
        assertEquals(81, large.tileCount());
        assertCoversOnceOrMoreWithOverlap(large, 32);

        // 600 x 400 = 240 000 pixels: not a 512 square, but within the budget
        assertTrue(TilePlan.forBudget(600, 400, 1, 512L * 512, 32, 32).single());

        TilePlan strip = TilePlan.forBudget(3000, 100, 1, 256L * 256, 32, 32);
        assertEquals(100, strip.tileHeight());
        assertEquals(640, strip.tileWidth());

        TilePlan sr = TilePlan.forBudget(1000, 998, 2, 200L * 200, 15, 32);
        assertEquals(192, sr.tileWidth());
        assertEquals(16, sr.overlap());
        for (Tile tile : sr.tiles()) {
            assertEquals(0, tile.x() % 2);
            assertEquals(0, tile.y() % 2);
        }
        assertThrows(IllegalArgumentException.class,
                () -> TilePlan.forBudget(1000, 1000, 1, 20L * 20, 16, 32));
    }

    @Test
    void rejectsAnOverlapAsLargeAsATile() {
        assertThrows(IllegalArgumentException.class, () -> TilePlan.of(200, 200, 64, 64, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> TilePlan.of(200, 200, 64, 64, -1, 1));
    }

    /** Every pixel in some tile, tiles inside the image and all of one size, neighbours overlapping. */
    private static void assertCoversOnceOrMoreWithOverlap(TilePlan plan, int overlap) {
        int[] covered = new int[plan.width() * plan.height()];
        for (Tile tile : plan.tiles()) {
            assertEquals(plan.tileWidth(), tile.width());
            assertEquals(plan.tileHeight(), tile.height());
            assertTrue(tile.x() >= 0 && tile.y() >= 0 && tile.x() + tile.width() <= plan.width()
                    && tile.y() + tile.height() <= plan.height(), "inside: " + tile);
            for (int y = tile.y(); y < tile.y() + tile.height(); y++) {
                for (int x = tile.x(); x < tile.x() + tile.width(); x++) {
                    covered[y * plan.width() + x]++;
                }
            }
        }
        for (int i = 0; i < covered.length; i++) {
            assertTrue(covered[i] > 0, "pixel " + i + " uncovered");
        }
        assertNeighboursOverlap(plan.columnStarts(), plan.tileWidth(), overlap);
        assertNeighboursOverlap(plan.rowStarts(), plan.tileHeight(), overlap);
    }

    private static void assertNeighboursOverlap(int[] starts, int tile, int overlap) {
        for (int i = 1; i < starts.length; i++) {
            assertTrue(starts[i] > starts[i - 1], "increasing");
            assertTrue(starts[i - 1] + tile - starts[i] >= overlap,
                    "tiles " + (i - 1) + " and " + i + " overlap by at least " + overlap);
        }
    }
}
