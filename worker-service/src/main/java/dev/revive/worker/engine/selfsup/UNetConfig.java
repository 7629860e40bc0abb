package dev.revive.worker.engine.selfsup;

/**
 * The shape of a {@link UNet} denoiser: small enough to train on one user's photos on a CPU.
 *
 * @param depth poolings (levels below the full resolution), 1-5
 * @param width channels at full resolution, doubled at every level below
 * @param channels image channels in and out: 1 (gray) or 3 (RGB)
 * @param residual whether the network predicts the noise to subtract (input + output) rather than
 *     the clean image itself; a residual net starts as the identity, which trains faster
 */
public record UNetConfig(int depth, int width, int channels, boolean residual) {

    public UNetConfig {
        if (depth < 1 || depth > 5) {
            throw new IllegalArgumentException("depth must be in [1, 5], got " + depth);
        }
        if (width < 1 || width > 256) {
            throw new IllegalArgumentException("width must be in [1, 256], got " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
    }

    /** Two poolings, 32 channels, residual: the size of Noise2Void's own U-Net. */
    public static UNetConfig defaults(int channels) {
        return new UNetConfig(2, 32, channels, true);
    }

    /** Sides must be multiples of this, so that every pooling halves an even side. */
    public int sizeDivisor() {
        return 1 << depth;
    }

    /**
     * The smallest side at least {@code side} that the network takes: a multiple of
     * {@link #sizeDivisor()}, and twice it, since the deepest reflection pad needs a side of 2.
     */
    public int acceptedSize(int side) {
        int divisor = sizeDivisor();
        return Math.max(2 * divisor, (side + divisor - 1) / divisor * divisor);
    }
}
