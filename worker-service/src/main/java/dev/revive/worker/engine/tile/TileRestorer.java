package dev.revive.worker.engine.tile;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;

/**
 * Restores one tile on its own, which is all tiling needs to know of the method: a Deep Image
 * Prior fit, a trained denoiser, or in tests an identity.
 */
@FunctionalInterface
public interface TileRestorer {

    /**
     * @param tile the part of the observation that explains this tile's output region
     * @param progress reports of this tile alone (iterations counted from 1 for every tile)
     * @param cancellation polled by the restorer as often as it polls for a whole image
     * @return the restored tile at the output size, {@code tile.outputWidth()} x
     *     {@code tile.outputHeight()}
     */
    Image restore(Observation tile, ProgressListener progress, CancellationSignal cancellation);
}
