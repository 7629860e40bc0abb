package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.nn.SkipConfig;

/** Which of the paper's networks restores a task, as its notebooks choose them. */
public final class TaskNetworks {
    /**
     * A hole this wide (a square of unknown pixels) is large: the skip connections of the text-removal network
     * have nothing to carry across it, and the deep network without skips fills it from coarse structure.
     */
    static final int LARGE_HOLE = 32;
    /** From this share of unknown pixels on, scattered holes are the paper's "restoration" experiment. */
    static final double SCATTERED_SHARE = 0.4;

    private TaskNetworks() {
    }

    public static SkipConfig forTask(Task task, Observation observation) {
        int channels = observation.degraded().channels();
        return switch (task) {
            case DENOISE -> SkipConfig.denoising(channels);
            case DEJPEG -> SkipConfig.jpegArtifacts(channels);
            case SUPER_RESOLVE -> SkipConfig.superResolution(channels);
            case FLASH_GUIDED -> SkipConfig.flashGuided(channels).withInputChannels(observation.guide().channels());
            case INPAINT, OLD_PHOTO -> forHoles(observation, channels);
        };
    }

    private static SkipConfig forHoles(Observation observation, int channels) {
        int width = observation.degraded().width();
        int height = observation.degraded().height();
        float[] known = observation.known();
        if (hasUnknownSquare(known, width, height, LARGE_HOLE)) {
            return SkipConfig.inpaintingDeep(channels);
        }
        double unknown = 0;
        for (float k : known) {
            unknown += 1 - k;
        }
        return unknown / known.length >= SCATTERED_SHARE ? SkipConfig.denoising(channels)
                : SkipConfig.inpainting(channels);
    }

    /** Whether some side x side square holds no known pixel, by a summed-area table of the known ones. */
    static boolean hasUnknownSquare(float[] known, int width, int height, int side) {
        if (side > width || side > height) {
            return false;
        }
        long[] sums = new long[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            long row = 0;
            for (int x = 0; x < width; x++) {
                row += known[y * width + x] > 0.5f ? 1 : 0;
                sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1] + row;
            }
        }
        for (int y = side; y <= height; y++) {
            for (int x = side; x <= width; x++) {
                long inside = sums[y * (width + 1) + x] - sums[(y - side) * (width + 1) + x]
                        - sums[y * (width + 1) + x - side] + sums[(y - side) * (width + 1) + x - side];
                if (inside == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
