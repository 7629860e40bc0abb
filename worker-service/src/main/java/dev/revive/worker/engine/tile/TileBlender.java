package dev.revive.worker.engine.tile;

import dev.revive.worker.engine.image.Image;

/**
 * Accumulates restored tiles, each weighted by its window, and divides by the summed weights. The
 * windows are products of one window per axis on a grid of tiles, so the summed weight is the
 * product of the two axes' sums and needs no per-pixel array. The sums are kept in double, so a
 * pixel every tile agrees on comes out as exactly that value.
 */
final class TileBlender {

    private final TilePlan plan;
    private final int channels;
    private final AxisWindows across;
    private final AxisWindows down;
    private final double[] sum;

    TileBlender(TilePlan plan, int channels) {
        this.plan = plan;
        this.channels = channels;
        this.across = new AxisWindows(plan.columnStarts(), plan.tileWidth(), plan.width());
        this.down = new AxisWindows(plan.rowStarts(), plan.tileHeight(), plan.height());
        this.sum = new double[Math.multiplyExact(Math.multiplyExact(plan.width(), plan.height()),
                channels)];
    }

    void add(Tile tile, Image restored) {
        int width = plan.width();
        float[] pixels = restored.pixels();
        for (int t = 0; t < tile.height(); t++) {
            double rowWeight = down.weight(tile.row(), t);
            int target = ((tile.y() + t) * width + tile.x()) * channels;
            int source = t * tile.width() * channels;
            for (int s = 0; s < tile.width(); s++) {
                double weight = rowWeight * across.weight(tile.column(), s);
                for (int c = 0; c < channels; c++) {
                    sum[target++] += weight * pixels[source++];
                }
            }
        }
    }

    /** The blended image, once every tile is added. */
    Image result() {
        int width = plan.width();
        float[] out = new float[sum.length];
        for (int y = 0; y < plan.height(); y++) {
            double rowTotal = down.total(y);
            for (int x = 0; x < width; x++) {
                double total = rowTotal * across.total(x);
                int i = (y * width + x) * channels;
                for (int c = 0; c < channels; c++, i++) {
                    out[i] = clamp(sum[i] / total);
                }
            }
        }
        return new Image(width, plan.height(), channels, out);
    }

    /**
     * What the image looks like while {@code current} is being restored: the tiles before it
     * blended among themselves, {@code elsewhere} where none has been, and {@code estimate} pasted
     * over the current tile.
     */
    Image preview(Tile current, Image estimate, Image elsewhere) {
        int width = plan.width();
        int height = plan.height();
        double[] acrossAll = new double[width];
        double[] acrossBefore = new double[width];
        for (int x = 0; x < width; x++) {
            acrossAll[x] = across.total(x);
            acrossBefore[x] = across.totalBefore(current.column(), x);
        }
        float[] out = new float[sum.length];
        float[] fallback = elsewhere.pixels();
        for (int y = 0; y < height; y++) {
            double rowsBefore = down.totalBefore(current.row(), y);
            int inRow = y - current.y();
            double rowWeight = inRow >= 0 && inRow < current.height()
                    ? down.weight(current.row(), inRow) : 0;
            for (int x = 0; x < width; x++) {
                // done: every tile of the rows above, and the current row's tiles to the left
                double done = acrossAll[x] * rowsBefore + acrossBefore[x] * rowWeight;
                int i = (y * width + x) * channels;
                for (int c = 0; c < channels; c++, i++) {
                    out[i] = done > 0 ? clamp(sum[i] / done) : fallback[i];
                }
            }
        }
        float[] tile = estimate.pixels();
        int rowLength = current.width() * channels;
        for (int t = 0; t < current.height(); t++) {
            System.arraycopy(tile, t * rowLength, out,
                    ((current.y() + t) * width + current.x()) * channels, rowLength);
        }
        return new Image(width, height, channels, out);
    }

    private static float clamp(double value) {
        return (float) Math.min(1.0, Math.max(0.0, value));
    }
}
