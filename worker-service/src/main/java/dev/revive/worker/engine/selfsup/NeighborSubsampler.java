package dev.revive.worker.engine.selfsup;

import java.util.SplittableRandom;

/**
 * Neighbor2Neighbor's random neighbour sub-sampler: in every 2x2 cell one pixel goes to g1 and
 * one of its two adjacent pixels in that cell to g2, so g1(y) and g2(y) are half-size images of
 * nearly the same content with independent noise. The same choice applies to any batch of the
 * same shape (the paper applies it to y and to f(y)).
 */
final class NeighborSubsampler {

    /** Cell corners in ring order, so that the neighbours of corner i are i +- 1 (mod 4). */
    private static final int[][] CORNERS = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};

    private final int count;
    private final int side;
    private final byte[] first;
    private final byte[] second;

    NeighborSubsampler(SplittableRandom random, int count, int side) {
        if (side % 2 != 0) {
            throw new IllegalArgumentException("sub-sampling needs an even side, got " + side);
        }
        this.count = count;
        this.side = side;
        int cells = count * (side / 2) * (side / 2);
        first = new byte[cells];
        second = new byte[cells];
        for (int i = 0; i < cells; i++) {
            first[i] = (byte) random.nextInt(4);
            second[i] = (byte) ((first[i] + (random.nextBoolean() ? 1 : 3)) % 4);
        }
    }

    Patches first(Patches image) {
        return pick(image, first);
    }

    Patches second(Patches image) {
        return pick(image, second);
    }

    private Patches pick(Patches image, byte[] corners) {
        if (image.count() != count || image.side() != side) {
            throw new IllegalArgumentException("sub-sampler is for " + count + " patches of " + side);
        }
        int half = side / 2;
        int channels = image.channels();
        Patches out = Patches.zeros(count, half, channels);
        for (int p = 0, cell = 0; p < count; p++) {
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++, cell++) {
                    int[] corner = CORNERS[corners[cell]];
                    for (int c = 0; c < channels; c++) {
                        out.pixels()[out.index(p, x, y, c)] =
                                image.pixels()[image.index(p, 2 * x + corner[0], 2 * y + corner[1], c)];
                    }
                }
            }
        }
        return out;
    }
}
