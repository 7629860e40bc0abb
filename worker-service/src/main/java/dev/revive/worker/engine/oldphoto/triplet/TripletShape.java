package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.selfsup.UNetConfig;

/**
 * The size of the networks: small for CPU (the authors' VAEs use width 64, 2 downsamplings and 4 residual
 * blocks; their mapping 512 channels and 6+2 blocks on GPUs).
 *
 * @param depth    strided convolutions in each encoder (upsamplings in each decoder), 1-3
 * @param width    channels at full resolution, doubled per level; the latent code has width * 2^depth
 * @param channels image channels, 1 or 3
 */
public record TripletShape(int depth, int width, int channels) {

    /** Residual blocks in each encoder, decoder and on either side of the partial non-local block. */
    public static final int RESIDUAL_BLOCKS = 2;

    public TripletShape {
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

    /**
     * Two downsamplings as in the paper (so the attention of a 512x512 serving tile is over 128x128 queries and
     * 64x64 keys), 16 channels: what trains on two CPU cores in minutes.
     */
    public static TripletShape defaults(int channels) {
        return new TripletShape(2, 16, channels);
    }

    public int codeChannels() {
        return width << depth;
    }

    /**
     * Sides must be multiples of this: the latent code is 1/2^depth of the photo and the attention's keys are
     * pooled once more.
     */
    public int sizeDivisor() {
        return 2 << depth;
    }

    /**
     * The shape as a saved denoiser's description holds it ({@code ModelInfo}); depth is one more than the
     * encoders', so serving pads to the side multiple {@link #sizeDivisor()} as for any trained model.
     */
    public UNetConfig asNetwork() {
        return new UNetConfig(depth + 1, width, channels, false);
    }

    public static TripletShape of(UNetConfig network) {
        return new TripletShape(network.depth() - 1, network.width(), network.channels());
    }
}
