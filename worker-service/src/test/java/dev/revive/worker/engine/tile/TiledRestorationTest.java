package dev.revive.worker.engine.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.Resampling;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TiledRestorationTest {

    private static final TileRestorer IDENTITY = (tile, progress, cancellation) -> tile.degraded();

    /** Nearest-neighbour upsampling: the "restoration" whose tiled result is known exactly. */
    private static final TileRestorer NEAREST =
            (tile, progress, cancellation) -> Resampling.nearestUpsample(tile.degraded(), tile.scale());

    @Test
    void identityTilesReassembleTheInputExactly() {
        Image input = Noise.addGaussian(Pictures.gradient(203, 117, 3), 0.1, 1);
        TilePlan plan = TilePlan.of(203, 117, 64, 64, 16, 1);
        List<Observation> seen = new ArrayList<>();

        Image output = TiledRestoration.restore(Observation.noisy(input), plan,
                (tile, progress, cancellation) -> {
                    seen.add(tile);
                    return tile.degraded();
                }, ProgressListener.NONE, CancellationSignal.NEVER);

        assertEquals(203, output.width());
        assertEquals(117, output.height());
        assertArrayEquals(input.pixels(), output.pixels());
        assertEquals(12, seen.size());
        for (Observation tile : seen) {
            assertEquals(64, tile.degraded().width());
            assertEquals(64, tile.degraded().height());
        }
    }

    @Test
    void filledTilesWithoutAHoleAreTheirOwnPixelsAndAreNotFittedButRestoredOnesAre() {
        Image input = Noise.addGaussian(Pictures.gradient(203, 117, 3), 0.1, 3);
        float[] known = new float[203 * 117];
        java.util.Arrays.fill(known, 1f);
        known[10 * 203 + 10] = 0f; // one hole, in the top-left tile only
        TilePlan plan = TilePlan.of(203, 117, 64, 64, 16, 1);
        List<Observation> fitted = new ArrayList<>();

        TileRestorer grey = (tile, progress, cancellation) -> {
            fitted.add(tile);
            return Pictures.constant(tile.outputWidth(), tile.outputHeight(), 3, 0.5f);
        };
        Image output = TiledRestoration.fill(Observation.withHoles(input, known), plan, grey,
                ProgressListener.NONE, CancellationSignal.NEVER);

        assertEquals(1, fitted.size(), "only the tile with the hole is fitted");
        assertEquals(0f, fitted.get(0).known()[10 * 64 + 10]);
        assertEquals(0.5f, output.pixel(10, 10, 0), 1e-6);
        assertEquals(input.pixel(150, 20, 1), output.pixel(150, 20, 1), 1e-6);
        assertEquals(input.pixel(200, 110, 2), output.pixel(200, 110, 2), 1e-6);

        fitted.clear();
        Image hinted = TiledRestoration.restore(Observation.withHoles(input, known), plan, grey,
                ProgressListener.NONE, CancellationSignal.NEVER);
        assertEquals(plan.tileCount(), fitted.size(), "a restorer fed the mask as a hint sees every tile");
        assertEquals(0.5f, hinted.pixel(150, 20, 1), 1e-6);
    }

    @Test
    void superResolutionTilesReassembleTheNearestUpsampledObservation() {
        Image small = Noise.addGaussian(Pictures.gradient(50, 33, 3), 0.1, 2);
        Observation observation = Observation.lowResolution(small, 2);
        TilePlan plan = TilePlan.of(100, 66, 64, 64, 16, 2);
        assertEquals(4, plan.tileCount());

        Image output = TiledRestoration.restore(observation, plan, NEAREST, ProgressListener.NONE,
                CancellationSignal.NEVER);

        assertEquals(100, output.width());
        assertEquals(66, output.height());
        assertArrayEquals(Resampling.nearestUpsample(small, 2).pixels(), output.pixels());
    }

    @Test
    void tilesThatEachReturnTheSameConstantGiveExactlyThatConstant() {
        Image input = Pictures.gradient(203, 117, 1);
        float value = 0.3f;

        Image output = TiledRestoration.restore(Observation.noisy(input),
                TilePlan.of(203, 117, 64, 64, 24, 1),
                (tile, progress, cancellation) -> Pictures.constant(tile.degraded().width(),
                        tile.degraded().height(), 1, value),
                ProgressListener.NONE, CancellationSignal.NEVER);

        for (float sample : output.pixels()) {
            assertEquals(value, sample);
        }
    }

    /**
     * A per-tile DIP fit settles at a slightly different level in every tile. Model: each tile
     * comes back offset by +-0.03 in a checkerboard, so every seam joins a 0.06 step (15 grey
     * levels of 8 bits, far more than real fits differ). The picture is a gradient with a fine
     * diagonal texture, whose gradient energy is the same in every column and row.
     *
     * <p>Bound: along every seam (every pixel pair inside an overlap, or on its edges) the mean
     * squared neighbour difference may exceed the interior mean by at most 25%. Why: a raised
     * cosine over an overlap of R pixels spreads a step D into slopes of at most D*pi/(2R), here
     * 0.06*pi/32 = 0.006 per pixel, adding (0.006)^2 = 3.5e-5 to an interior energy of 6e-4,
     * i.e. ~6%; the rest is margin for the texture crossing the ramp. The control without overlap
     * shows a hard seam breaking the same bound several times over.
     */
    @Test
    void perTileOffsetsLeaveNoSeamStrongerThanThePicture() {
        Image picture = Pictures.textured(203, 117, 3);
        TilePlan blended = TilePlan.of(203, 117, 64, 64, 16, 1);

        double blendedRatio = seamToInteriorEnergy(picture, blended);
        double hardRatio = seamToInteriorEnergy(picture, TilePlan.of(203, 117, 64, 64, 0, 1));
        System.out.printf("seam/interior gradient energy: blended %.3f, without overlap %.3f%n",
                blendedRatio, hardRatio);

        assertTrue(blendedRatio <= 1.25, "blended seams " + blendedRatio + "x the interior");
        assertTrue(hardRatio > 2.0, "the control's hard seams must be visible: " + hardRatio);
    }

    @Test
    void progressIsOneIncreasingCountOverAllTiles() {
        Image input = Pictures.gradient(203, 117, 3);
        TilePlan plan = TilePlan.of(203, 117, 64, 64, 16, 1);
        int perTile = 5;
        List<Progress> reports = new ArrayList<>();

        TiledRestoration.restore(Observation.noisy(input), plan, (tile, progress, cancellation) -> {
            for (int i = 1; i <= perTile; i++) {
                progress.onProgress(new Progress(i, perTile, 0.1));
            }
            return tile.degraded();
        }, reports::add, CancellationSignal.NEVER);

        assertEquals(plan.tileCount() * perTile, reports.size());
        for (int i = 0; i < reports.size(); i++) {
            assertEquals(i + 1, reports.get(i).iteration());
            assertEquals(plan.tileCount() * perTile, reports.get(i).totalIterations());
        }
    }

    @Test
    void previewsShowFinishedTilesAndTheCurrentEstimateAtTheOutputSize() {
        Image small = Pictures.gradient(50, 33, 3);
        Observation observation = Observation.lowResolution(small, 2);
        TilePlan plan = TilePlan.of(100, 66, 64, 64, 16, 2);
        Image white = Pictures.constant(64, 64, 3, 1f);
        List<Image> previews = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress progress) {
            }

            @Override
            public void onPreview(int iteration, Image estimate) {
                previews.add(estimate);
            }
        };

        Image output = TiledRestoration.restore(observation, plan,
                (tile, progress, cancellation) -> {
                    progress.onPreview(1, white);
                    return NEAREST.restore(tile, progress, cancellation);
                }, listener, CancellationSignal.NEVER);

        assertEquals(plan.tileCount(), previews.size());
        Image upsampled = Resampling.nearestUpsample(small, 2);
        List<Tile> tiles = plan.tiles();
        for (int i = 0; i < tiles.size(); i++) {
            Image preview = previews.get(i);
            assertEquals(100, preview.width());
            assertEquals(66, preview.height());
            Tile tile = tiles.get(i);
            for (int y = 0; y < 66; y++) {
                for (int x = 0; x < 100; x++) {
                    boolean inTile = x >= tile.x() && x < tile.x() + tile.width()
                            && y >= tile.y() && y < tile.y() + tile.height();
                    // before the blend, finished tiles and the observation both equal the upsample
                    float expected = inTile ? 1f : upsampled.pixel(x, y, 1);
                    assertEquals(expected, preview.pixel(x, y, 1), 1e-6f,
                            "preview " + i + " at " + x + "," + y);
                }
            }
        }
        assertArrayEquals(upsampled.pixels(), output.pixels());
    }

    @Test
    void cancellationStopsBetweenTiles() {
        Image input = Pictures.gradient(203, 117, 3);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger restored = new AtomicInteger();

        RestorationCancelledException e = assertThrows(RestorationCancelledException.class,
                () -> TiledRestoration.restore(Observation.noisy(input),
                        TilePlan.of(203, 117, 64, 64, 16, 1), (tile, progress, cancellation) -> {
                            progress.onProgress(new Progress(10, 10, 0.1));
                            restored.incrementAndGet();
                            cancelled.set(true); // a user cancels while the first tile finishes
                            return tile.degraded();
                        }, ProgressListener.NONE, cancelled::get));

        assertEquals(1, restored.get());
        assertEquals(10, e.completedIterations());
    }

    @Test
    void cancellationInsideATileCountsTheWholeImagesIterations() {
        Image input = Pictures.gradient(203, 117, 3);
        AtomicInteger calls = new AtomicInteger();

        RestorationCancelledException e = assertThrows(RestorationCancelledException.class,
                () -> TiledRestoration.restore(Observation.noisy(input),
                        TilePlan.of(203, 117, 64, 64, 16, 1), (tile, progress, cancellation) -> {
                            if (calls.incrementAndGet() == 3) {
                                throw new RestorationCancelledException(4);
                            }
                            progress.onProgress(new Progress(10, 10, 0.1));
                            return tile.degraded();
                        }, ProgressListener.NONE, CancellationSignal.NEVER));

        assertEquals(24, e.completedIterations());
    }

    @Test
    void oneTileIsRestoredWholeWithItsOwnListener() {
        Image input = Pictures.gradient(60, 40, 3);
        Observation observation = Observation.noisy(input);
        ProgressListener listener = progress -> { };
        List<Object> seen = new ArrayList<>();

        Image output = TiledRestoration.restore(observation, TilePlan.of(60, 40, 64, 64, 16, 1),
                (tile, progress, cancellation) -> {
                    seen.add(tile);
                    seen.add(progress);
                    return tile.degraded();
                }, listener, CancellationSignal.NEVER);

        assertSame(observation, seen.get(0));
        assertSame(listener, seen.get(1));
        assertSame(input, output);
    }

    @Test
    void rejectsATileRestoredAtTheWrongSizeAndAPlanForAnotherImage() {
        Image input = Pictures.gradient(203, 117, 3);
        TilePlan plan = TilePlan.of(203, 117, 64, 64, 16, 1);

        assertThrows(IllegalStateException.class, () -> TiledRestoration.restore(
                Observation.noisy(input), plan,
                (tile, progress, cancellation) -> Pictures.constant(32, 32, 3, 0.5f),
                ProgressListener.NONE, CancellationSignal.NEVER));
        assertThrows(IllegalArgumentException.class, () -> TiledRestoration.restore(
                Observation.noisy(input), TilePlan.of(200, 117, 64, 64, 16, 1), IDENTITY,
                ProgressListener.NONE, CancellationSignal.NEVER));
        assertFalse(plan.single());
    }

    /**
     * Restores {@code picture} tile by tile, each tile offset by +-0.03 in a checkerboard, and
     * returns the strongest seam's gradient energy over the mean interior energy, both directions.
     */
    private static double seamToInteriorEnergy(Image picture, TilePlan plan) {
        List<Tile> order = plan.tiles();
        AtomicInteger next = new AtomicInteger();
        Image output = TiledRestoration.restore(Observation.noisy(picture), plan,
                (tile, progress, cancellation) -> {
                    Tile at = order.get(next.getAndIncrement()); // tiles come in plan order
                    boolean even = (at.column() + at.row()) % 2 == 0;
                    return Pictures.offset(tile.degraded(), even ? 0.03f : -0.03f);
                }, ProgressListener.NONE, CancellationSignal.NEVER);
        double[] across = SeamEnergy.pairEnergy(output, true);
        double[] down = SeamEnergy.pairEnergy(output, false);
        boolean[] seamsAcross = SeamEnergy.seamPairs(plan.columnStarts(), plan.tileWidth(),
                plan.width());
        boolean[] seamsDown = SeamEnergy.seamPairs(plan.rowStarts(), plan.tileHeight(),
                plan.height());
        return Math.max(SeamEnergy.ratio(across, seamsAcross), SeamEnergy.ratio(down, seamsDown));
    }
}
