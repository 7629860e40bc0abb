package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.SkipConfig;

/**
 * An {@link Observation} laid out at a size the network accepts. The observed image grows by
 * reflection at its bottom and right until its size times the scale suits the network, so that
 * observed and output grids stay aligned at the top left; the guide grows likewise at the output
 * size. The data term counts only known pixels of the original region.
 *
 * @param observed the observed image, padded (the data term's target)
 * @param mask HW at the padded observed size: 1 where a pixel is known and not padding, 0
 *     elsewhere (between for partly known pixels)
 * @param guide the guide image padded to the network's size (HWC), or null for a random code
 * @param scale output side over observed side
 * @param outputWidth width of the job's answer
 * @param outputHeight height of the job's answer
 */
record PaddedObservation(PaddedImage observed, float[] mask, float[] guide, int scale,
        int outputWidth, int outputHeight) {

    static PaddedObservation of(Observation observation, SkipConfig network) {
        Image degraded = observation.degraded();
        int scale = observation.scale();
        PaddedImage observed = PaddedImage.reflect(degraded,
                paddedSide(degraded.width(), scale, network),
                paddedSide(degraded.height(), scale, network));
        float[] mask = observed.mask();
        float[] known = observation.known();
        if (known != null) {
            int paddedWidth = observed.padded().width();
            for (int y = 0; y < degraded.height(); y++) {
                for (int x = 0; x < degraded.width(); x++) {
                    // soft values weigh a pixel, as the reference's mask images do at their edges
                    float weight = known[y * degraded.width() + x];
                    mask[y * paddedWidth + x] = weight > 0f ? Math.min(weight, 1f) : 0f;
                }
            }
        }
        double kept = 0;
        for (float weight : mask) {
            kept += weight;
        }
        if (kept == 0) {
            throw new IllegalArgumentException("no pixel is known: nothing to fit");
        }
        float[] guide = null;
        if (observation.guide() != null) {
            guide = PaddedImage.reflect(observation.guide(), observed.padded().width() * scale,
                    observed.padded().height() * scale).padded().pixels();
        }
        return new PaddedObservation(observed, mask, guide, scale, observation.outputWidth(),
                observation.outputHeight());
    }

    /** The smallest observed side from {@code side} up whose output side the network accepts. */
    static int paddedSide(int side, int scale, SkipConfig network) {
        int padded = side;
        while (network.acceptedSize(padded * scale) != padded * scale) {
            padded++;
        }
        return padded;
    }

    int networkWidth() {
        return observed.padded().width() * scale;
    }

    int networkHeight() {
        return observed.padded().height() * scale;
    }

    /** The graph this observation needs for {@code network}. */
    DipGraphKey graphKey(SkipConfig network, SessionOptions sessionOptions) {
        return new DipGraphKey(networkHeight(), networkWidth(), network, scale, sessionOptions);
    }

    /**
     * The job's answer out of a network-sized output (HWC): its top-left region, clamped to [0,1]
     * because a sigmoid's float average can round a hair past 1.
     */
    Image crop(float[] networkOutput) {
        int channels = observed.padded().channels();
        int width = networkWidth();
        if (networkOutput.length != width * networkHeight() * channels) {
            throw new IllegalArgumentException("expected " + width * networkHeight() * channels
                    + " samples, got " + networkOutput.length);
        }
        float[] pixels = new float[outputWidth * outputHeight * channels];
        for (int y = 0; y < outputHeight; y++) {
            System.arraycopy(networkOutput, y * width * channels, pixels, y * outputWidth * channels,
                    outputWidth * channels);
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.min(1f, Math.max(0f, pixels[i]));
        }
        return new Image(outputWidth, outputHeight, channels, pixels);
    }
}
