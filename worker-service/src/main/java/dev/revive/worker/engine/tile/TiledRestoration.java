package dev.revive.worker.engine.tile;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import java.util.List;

/**
 * Restores an image larger than memory allows by restoring overlapping tiles one at a time and
 * blending them: a per-tile fit differs slightly from its neighbour's, and the blend spreads that
 * difference over the overlap instead of leaving a seam. Only one tile's network lives at a time;
 * the whole image costs a double-precision accumulator of its size.
 */
public final class TiledRestoration {

    private TiledRestoration() {}

    /**
     * @param observation what the whole image shows; tile observations are cut from it
     * @param plan tiles of the output, {@code observation.outputWidth()} x
     *     {@code observation.outputHeight()}
     * @param restorer restores one tile; called once per tile, in {@link TilePlan#tiles()} order
     * @param progress one iteration count over the whole image, and previews of the whole image
     *     (finished tiles blended, the current tile's estimate pasted, the observation elsewhere)
     * @param cancellation polled between tiles and handed to the restorer for inside them
     * @throws RestorationCancelledException with the iterations done over the whole image
     */
    public static Image restore(Observation observation, TilePlan plan, TileRestorer restorer,
            ProgressListener progress, CancellationSignal cancellation) {
        return tiled(observation, plan, restorer, progress, cancellation, false);
    }

    /**
     * An inpainting in tiles, as {@link #restore}, except that a tile whose mask has no hole is the photo's own
     * pixels and is not fitted (minutes a tile at scan size). Only for filling holes: a restorer that changes
     * known pixels too (a denoiser fed the mask as a hint) must see every tile.
     */
    public static Image fill(Observation observation, TilePlan plan, TileRestorer restorer,
            ProgressListener progress, CancellationSignal cancellation) {
        return tiled(observation, plan, restorer, progress, cancellation, true);
    }

    private static Image tiled(Observation observation, TilePlan plan, TileRestorer restorer,
            ProgressListener progress, CancellationSignal cancellation, boolean skipWithoutHoles) {
        if (plan.width() != observation.outputWidth()
                || plan.height() != observation.outputHeight()) {
            throw new IllegalArgumentException("plan is for " + plan.width() + "x" + plan.height()
                    + " but the output is " + observation.outputWidth() + "x"
                    + observation.outputHeight());
        }
        int channels = observation.degraded().channels();
        if (plan.single()) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(0);
            }
            return checked(restorer.restore(observation, progress, cancellation),
                    plan.tiles().get(0), channels);
        }
        TileBlender blender = new TileBlender(plan, channels);
        Image[] elsewhere = new Image[1];
        TileReports reports = new TileReports(progress, plan.tileCount(), (tile, estimate) -> {
            if (elsewhere[0] == null) {
                elsewhere[0] = nearestUpsampled(observation);
            }
            return blender.preview(tile, checked(estimate, tile, channels), elsewhere[0]);
        });
        List<Tile> tiles = plan.tiles();
        for (int index = 0; index < tiles.size(); index++) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(reports.overall(index, 0));
            }
            Tile tile = tiles.get(index);
            Observation part = observation.region(tile.x(), tile.y(), tile.width(), tile.height());
            if (skipWithoutHoles && nothingToFill(part)) {
                blender.add(tile, part.degraded());
                continue;
            }
            Image restored;
            try {
                restored = restorer.restore(part, reports.forTile(index, tile), cancellation);
            } catch (RestorationCancelledException e) {
                throw new RestorationCancelledException(
                        reports.overall(index, e.completedIterations()));
            }
            blender.add(tile, checked(restored, tile, channels));
        }
        return blender.result();
    }

    /** A tile whose mask has no hole: every pixel is known, so the photo's own pixels are its filling. */
    static boolean nothingToFill(Observation tile) {
        return tile.known() != null && tile.guide() == null && tile.scale() == 1 && !tile.hasHoles();
    }

    private static Image checked(Image restored, Tile tile, int channels) {
        if (restored.width() != tile.width() || restored.height() != tile.height()
                || restored.channels() != channels) {
            throw new IllegalStateException("tile " + tile + " was restored as " + restored.width()
                    + "x" + restored.height() + "x" + restored.channels() + ", expected "
                    + tile.width() + "x" + tile.height() + "x" + channels);
        }
        return restored;
    }

    /** The observation at the output size, shown where no tile is restored yet. */
    static Image nearestUpsampled(Observation observation) {
        Image small = observation.degraded();
        int scale = observation.scale();
        if (scale == 1) {
            return small;
        }
        int channels = small.channels();
        int width = observation.outputWidth();
        float[] out = new float[width * observation.outputHeight() * channels];
        float[] in = small.pixels();
        for (int y = 0; y < observation.outputHeight(); y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(in, small.index(x / scale, y / scale, 0), out,
                        (y * width + x) * channels, channels);
            }
        }
        return new Image(width, observation.outputHeight(), channels, out);
    }
}
