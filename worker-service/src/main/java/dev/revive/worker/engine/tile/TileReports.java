package dev.revive.worker.engine.tile;

import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;
import java.util.function.BiFunction;

/**
 * Turns the reports of tile i of n into one count over the whole image: tile i's iteration k is
 * iteration {@code i * perTile + k} of {@code n * perTile}. A finished tile counts its whole budget,
 * so the count never goes back even when a tile stops early.
 */
final class TileReports {

    private final ProgressListener whole;
    private final int tileCount;
    private final BiFunction<Tile, Image, Image> canvas;
    private int perTile;
    private int reported;

    /**
     * @param canvas the whole-image preview for a tile's current estimate
     */
    TileReports(ProgressListener whole, int tileCount, BiFunction<Tile, Image, Image> canvas) {
        this.whole = whole;
        this.tileCount = tileCount;
        this.canvas = canvas;
    }

    /** The listener to hand the restorer of tile {@code index}. */
    ProgressListener forTile(int index, Tile tile) {
        return new ProgressListener() {
            @Override
            public void onProgress(Progress progress) {
                perTile = Math.max(perTile, progress.totalIterations());
                reported = Math.max(reported, overall(index, progress.iteration()));
                whole.onProgress(new Progress(reported,
                        Math.max(reported, tileCount * perTile), progress.loss()));
            }

            @Override
            public void onPreview(int iteration, Image estimate) {
                whole.onPreview(Math.max(reported, overall(index, iteration)),
                        canvas.apply(tile, estimate));
            }
        };
    }

    /** Iterations done over the whole image when tile {@code index} has done {@code iteration}. */
    int overall(int index, int iteration) {
        return index * perTile + iteration;
    }
}
