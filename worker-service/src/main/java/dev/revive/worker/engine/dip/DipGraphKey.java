package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.nn.SkipConfig;

/**
 * Everything that shapes a {@link DipGraph}: two jobs with equal keys can share one graph. What
 * the network is fed (a random code or a guide image) is not in it: both are loaded into the same
 * input variable.
 *
 * @param height network output height, as the network accepts it (padded)
 * @param width network output width, as the network accepts it (padded)
 * @param network the skip network
 * @param scale 1 when the data term compares the output itself; the super-resolution factor when
 *     it compares the output's Lanczos downsampling
 * @param sessionOptions how the session runs
 */
public record DipGraphKey(int height, int width, SkipConfig network, int scale,
        SessionOptions sessionOptions) {

    public DipGraphKey {
        if (network == null || sessionOptions == null) {
            throw new IllegalArgumentException("network and session options are required");
        }
        if (scale < 1 || height % scale != 0 || width % scale != 0) {
            throw new IllegalArgumentException(height + "x" + width + " cannot be downsampled by "
                    + scale);
        }
        if (network.acceptedSize(height) != height || network.acceptedSize(width) != width) {
            throw new IllegalArgumentException(height + "x" + width + " does not fit the network;"
                    + " pad the image to " + network.acceptedSize(height) + "x"
                    + network.acceptedSize(width));
        }
    }

    /** A denoising-shaped key: the data term compares the output itself. */
    public static DipGraphKey of(int height, int width, SkipConfig network,
            SessionOptions sessionOptions) {
        return new DipGraphKey(height, width, network, 1, sessionOptions);
    }
}
