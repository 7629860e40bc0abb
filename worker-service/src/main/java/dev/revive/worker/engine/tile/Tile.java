package dev.revive.worker.engine.tile;

/**
 * One output region of a {@link TilePlan}, in output pixels, with its place in the plan's grid.
 *
 * @param column index of the tile's column, from 0 at the left
 * @param row index of the tile's row, from 0 at the top
 * @param x left edge
 * @param y top edge
 * @param width pixels per row
 * @param height rows
 */
public record Tile(int column, int row, int x, int y, int width, int height) {
}
