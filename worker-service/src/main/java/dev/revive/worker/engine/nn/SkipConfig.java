package dev.revive.worker.engine.nn;

/**
 * Shape of the DIP "skip" encoder-decoder.
 *
 * @param inputChannels channels of the input code z
 * @param outputChannels channels of the image produced (1 gray, 3 RGB)
 * @param levels encoder/decoder levels; each halves then doubles the resolution
 * @param channels width of every level
 * @param skipChannels width of the 1x1 skip connection of every level
 */
public record SkipConfig(int inputChannels, int outputChannels, int levels, int channels,
        int skipChannels) {

    public SkipConfig {
        if (inputChannels < 1 || outputChannels < 1 || levels < 1 || channels < 1
                || skipChannels < 1) {
            throw new IllegalArgumentException("all sizes must be positive: " + inputChannels + ", "
                    + outputChannels + ", " + levels + ", " + channels + ", " + skipChannels);
        }
        if (levels > 12) {
            throw new IllegalArgumentException("at most 12 levels, got " + levels);
        }
    }

    /** The paper's denoising network: z of 32 channels, 5 levels of 128, 4-channel skips. */
    public static SkipConfig reference(int outputChannels) {
        return new SkipConfig(32, outputChannels, 5, 128, 4);
    }

    /** Height and width must be multiples of this, since every level halves them. */
    public int sizeDivisor() {
        return 1 << levels;
    }

    /**
     * The smallest height or width from {@code size} up that the network accepts: a multiple of
     * {@link #sizeDivisor()}, and at least two of them, because the deepest level's reflection pad
     * needs a side of 2 (PyTorch's ReflectionPad2d refuses the same).
     */
    public int acceptedSize(int size) {
        int divisor = sizeDivisor();
        long rounded = ((long) size + divisor - 1) / divisor * divisor;
        return Math.toIntExact(Math.max(rounded, 2L * divisor));
    }
}
