/**
 * Any image size: a {@link dev.revive.worker.engine.tile.TilePlan} of overlapping tiles, one
 * {@link dev.revive.worker.engine.tile.TileRestorer} call per tile, and a blend that hides where
 * tiles meet. Tiling knows nothing of the method; it only cuts the
 * {@link dev.revive.worker.engine.dip.Observation} with {@code region}.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>All tiles have one size (the last row and column are shifted inwards, not shrunk), so one
 *       DIP graph, cached by padded size, serves every tile: the graph is built once per image.
 *   <li>Blending weights are a raised cosine across each overlap, on the sides that meet another
 *       tile only; the two tiles' weights sum to 1 there, so a level difference D between two
 *       per-tile fits becomes a slope of at most D*pi/(2*overlap) per pixel instead of a step D.
 *       The output is the weighted sum over the summed weight, accumulated in double: a pixel on
 *       which the tiles agree comes out exactly.
 *   <li>Memory beyond one tile's network: the observation, a double accumulator of the output
 *       (8 bytes per sample: 400 MB for 4096x4096 RGB), and the output. Previews build a whole
 *       image each time they are asked for.
 *   <li>An inpainting tile whose mask has no hole is not fitted: its pixels are the photo's own.
 *       A scan's defects are sparse, so most of its tiles cost nothing.
 *   <li>Progress is one count over the image (tile i's iteration k is i * perTile + k); a tile
 *       that stops early still counts its whole budget, so the count only rises. Cancellation is
 *       checked before every tile and, by the restorer, inside it.
 * </ul>
 */
package dev.revive.worker.engine.tile;
