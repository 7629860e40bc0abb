package dev.revive.worker.engine.tile;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping tiles covering an output image, all of one size so that one graph (the graph cache
 * keys on the padded size) serves every tile. Tiles step by {@code tile - overlap}; the last row
 * and column are shifted inwards rather than shrunk, so they overlap their neighbour by more. An
 * axis no longer than a tile is covered by one tile of its own length.
 *
 * <p>Every edge falls on the observation's {@code scale} grid, so that each tile is explained by
 * whole observed pixels ({@link dev.revive.worker.engine.dip.Observation#region}).
 */
public final class TilePlan {

    private final int width;
    private final int height;
    private final int tileWidth;
    private final int tileHeight;
    private final int overlap;
    private final int[] columns;
    private final int[] rows;

    private TilePlan(int width, int height, int tileWidth, int tileHeight, int overlap) {
        this.width = width;
        this.height = height;
        this.tileWidth = Math.min(tileWidth, width);
        this.tileHeight = Math.min(tileHeight, height);
        this.overlap = overlap;
        this.columns = starts(width, this.tileWidth, overlap);
        this.rows = starts(height, this.tileHeight, overlap);
    }

    /**
     * Tiles of {@code tileWidth} x {@code tileHeight} (or the whole axis where it is shorter).
     *
     * @param scale output side over observed side; every size given must be a multiple of it
     * @param overlap pixels shared by neighbouring tiles, less than either tile side
     */
    public static TilePlan of(int width, int height, int tileWidth, int tileHeight, int overlap,
            int scale) {
        if (width < 1 || height < 1 || tileWidth < 1 || tileHeight < 1) {
            throw new IllegalArgumentException("image " + width + "x" + height + " and tile "
                    + tileWidth + "x" + tileHeight + " must be positive");
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        if (overlap < 0 || overlap >= Math.min(tileWidth, tileHeight)) {
            throw new IllegalArgumentException("overlap must be in [0, " + Math.min(tileWidth,
                    tileHeight) + "), got " + overlap);
        }
        if (width % scale != 0 || height % scale != 0 || tileWidth % scale != 0
                || tileHeight % scale != 0 || overlap % scale != 0) {
            throw new IllegalArgumentException("image " + width + "x" + height + ", tile "
                    + tileWidth + "x" + tileHeight + " and overlap " + overlap
                    + " must all be multiples of the scale " + scale);
        }
        return new TilePlan(width, height, tileWidth, tileHeight, overlap);
    }

    /**
     * The plan for a memory budget: one tile if the image has at most {@code pixelsPerTile}
     * pixels, else square tiles as large as the budget allows (longer along an axis that one tile
     * spans anyway).
     *
     * @param pixelsPerTile output pixels a tile may have: what the network's memory allows
     * @param overlap pixels shared by neighbours; rounded up to the scale grid
     * @param sideMultiple tile sides are rounded down to a multiple of this and of {@code scale};
     *     pass the network's size divisor so that tiles need no padding
     */
    public static TilePlan forBudget(int width, int height, int scale, long pixelsPerTile,
            int overlap, int sideMultiple) {
        if (sideMultiple < 1 || scale < 1) {
            throw new IllegalArgumentException("scale and side multiple must be >= 1");
        }
        int grid = Math.toIntExact(lcm(scale, sideMultiple));
        int roundedOverlap = roundUp(Math.max(overlap, 0), scale);
        if ((long) width * height <= pixelsPerTile) {
            return of(width, height, width, height, 0, scale);
        }
        int side = roundDown((int) Math.min(Math.sqrt((double) pixelsPerTile), width + height),
                grid);
        int tileWidth = side;
        int tileHeight = side;
        if (height <= side) {
            tileHeight = height;
            tileWidth = roundDown((int) Math.min(pixelsPerTile / height, width), grid);
        } else if (width <= side) {
            tileWidth = width;
            tileHeight = roundDown((int) Math.min(pixelsPerTile / width, height), grid);
        }
        if (Math.min(tileWidth, tileHeight) <= roundedOverlap) {
            throw new IllegalArgumentException("a budget of " + pixelsPerTile + " pixels gives "
                    + tileWidth + "x" + tileHeight + " tiles, too small for an overlap of "
                    + roundedOverlap + " on a grid of " + grid);
        }
        return of(width, height, tileWidth, tileHeight, roundedOverlap, scale);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int tileWidth() {
        return tileWidth;
    }

    public int tileHeight() {
        return tileHeight;
    }

    public int overlap() {
        return overlap;
    }

    /** Left edges of the tile columns, increasing. */
    public int[] columnStarts() {
        return columns.clone();
    }

    /** Top edges of the tile rows, increasing. */
    public int[] rowStarts() {
        return rows.clone();
    }

    public int tileCount() {
        return columns.length * rows.length;
    }

    /** One tile covers the whole image: nothing to blend. */
    public boolean single() {
        return tileCount() == 1;
    }

    /** The tiles row by row, top to bottom, each row left to right. */
    public List<Tile> tiles() {
        List<Tile> tiles = new ArrayList<>(tileCount());
        for (int row = 0; row < rows.length; row++) {
            for (int column = 0; column < columns.length; column++) {
                tiles.add(new Tile(column, row, columns[column], rows[row], tileWidth, tileHeight));
            }
        }
        return tiles;
    }

    @Override
    public String toString() {
        return width + "x" + height + " in " + columns.length + "x" + rows.length + " tiles of "
                + tileWidth + "x" + tileHeight + ", overlap " + overlap;
    }

    /** Starts along one axis: steps of {@code tile - overlap}, the last one flush with the end. */
    private static int[] starts(int length, int tile, int overlap) {
        if (length <= tile) {
            return new int[] {0};
        }
        int stride = tile - overlap;
        int count = 1 + (length - tile + stride - 1) / stride;
        int[] starts = new int[count];
        for (int i = 0; i < count - 1; i++) {
            starts[i] = i * stride;
        }
        starts[count - 1] = length - tile;
        return starts;
    }

    private static int roundDown(int value, int multiple) {
        return value / multiple * multiple;
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
