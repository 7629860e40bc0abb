package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.selfsup.UNetConfig;

/**
 * The size of the networks: small for CPU training (the authors' code uses width 64, 2 downsamplings
 * and 4 residual blocks on GPUs).
 *
 * @param depth          strided convolutions in each encoder (upsamplings in each generator), 1-3
 * @param width          channels at full resolution, doubled per level; the code has width * 2^depth
 * @param channels       image channels, 1 or 3
 */
public record UnpairedShape(int depth, int width, int channels) {

    /** Blocks per encoder and generator; fixed, so a saved model's description needs no field for it. */
    public static final int RESIDUAL_BLOCKS = 2;

    public UnpairedShape {
        if (depth < 1 || depth > 3) {
            throw new IllegalArgumentException("depth must be in [1, 3], got " + depth);
        }
        if (width < 1 || width > 128) {
            throw new IllegalArgumentException("width must be in [1, 128], got " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
    }

    /** One downsampling, 16 channels: what trains on two CPU cores in minutes. */
    public static UnpairedShape defaults(int channels) {
        return new UnpairedShape(1, 16, channels);
    }

    /** Residual blocks at the code's resolution in every encoder and generator. */
    public int residualBlocks() {
        return RESIDUAL_BLOCKS;
    }

    public int codeChannels() {
        return width << depth;
    }

    /** Sides must be multiples of this. */
    public int sizeDivisor() {
        return 1 << depth;
    }

    /**
     * The shape as a saved denoiser's description holds it ({@code ModelInfo}): depth and width as a U-Net's,
     * no residual, so serving finds the side multiple (2^depth) as for any trained model.
     */
    public UNetConfig asNetwork() {
        return new UNetConfig(depth, width, channels, false);
    }

    public static UnpairedShape of(UNetConfig network) {
        return new UnpairedShape(network.depth(), network.width(), network.channels());
    }
}
