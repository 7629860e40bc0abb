package dev.revive.worker.engine.tile;

/**
 * The blending weights of the tiles along one axis. A tile's weight is 1 except across an overlap
 * with a neighbour, where it falls by a raised cosine towards (never to) zero at its edge; the
 * neighbour's rises by the complementary half, so two tiles' weights sum to 1 across their
 * overlap and a difference between them is spread smoothly over the whole overlap instead of
 * showing as a step. Edges on the image border keep weight 1: nothing else covers them.
 */
final class AxisWindows {

    private final int[] starts;
    private final int tile;
    private final double[][] weights;
    private final double[] total;

    AxisWindows(int[] starts, int tile, int length) {
        this.starts = starts.clone();
        this.tile = tile;
        this.weights = new double[starts.length][];
        this.total = new double[length];
        for (int i = 0; i < starts.length; i++) {
            int before = i == 0 ? 0 : starts[i - 1] + tile - starts[i];
            int after = i == starts.length - 1 ? 0 : starts[i] + tile - starts[i + 1];
            weights[i] = window(tile, before, after);
            for (int t = 0; t < tile; t++) {
                total[starts[i] + t] += weights[i][t];
            }
        }
    }

    /** Weight of tile {@code index} at its own coordinate {@code offset}. */
    double weight(int index, int offset) {
        return weights[index][offset];
    }

    /** Weight of every tile at image coordinate {@code position}, summed. */
    double total(int position) {
        return total[position];
    }

    /** Weight at {@code position} of the tiles before {@code index}, summed. */
    double totalBefore(int index, int position) {
        double sum = 0;
        for (int i = 0; i < index; i++) {
            int offset = position - starts[i];
            if (offset >= 0 && offset < tile) {
                sum += weights[i][offset];
            }
        }
        return sum;
    }

    private static double[] window(int tile, int rampIn, int rampOut) {
        double[] w = new double[tile];
        for (int t = 0; t < tile; t++) {
            double value = 1;
            if (t < rampIn) {
                value *= rise(t, rampIn);
            }
            int fromEnd = tile - 1 - t;
            if (fromEnd < rampOut) {
                value *= rise(fromEnd, rampOut);
            }
            w[t] = value;
        }
        return w;
    }

    /**
     * Pixel {@code t} of a rise over {@code length} pixels, sampled at pixel centres so that
     * {@code rise(t) + rise(length - 1 - t) == 1} and the first pixel is small but not zero.
     */
    static double rise(int t, int length) {
        return 0.5 - 0.5 * Math.cos(Math.PI * (t + 0.5) / length);
    }
}
