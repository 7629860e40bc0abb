package dev.revive.worker.engine.nn;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Shape of the DIP "skip" encoder-decoder, as the reference's {@code models/skip.py} takes it:
 * enough to write down the network of every notebook of the paper.
 *
 * @param inputChannels channels of what the network is fed (the code z, or a guide image)
 * @param outputChannels channels of the image produced (1 gray, 3 RGB)
 * @param channels width of every level, outermost first (the reference's
 *     {@code num_channels_down}, which equals {@code num_channels_up} in every notebook)
 * @param skipChannels width of every level's skip branch; 0 means no skip branch
 * @param downKernel side of the two encoder convolutions of every level
 * @param upKernel side of the first decoder convolution of every level
 * @param skipKernel side of the skip-branch convolution
 * @param upsampling how every level doubles its resolution back, outermost first
 * @param upConv1x1 whether every decoder ends with a 1x1 convolution (the reference's
 *     {@code need1x1_up})
 */
public record SkipConfig(int inputChannels, int outputChannels, List<Integer> channels,
        List<Integer> skipChannels, int downKernel, int upKernel, int skipKernel,
        List<Upsampling> upsampling, boolean upConv1x1) {

    private static final int MAX_LEVELS = 12;

    /** How a decoder level doubles height and width. */
    public enum Upsampling {
        /** Half-pixel bilinear, PyTorch's {@code align_corners=False}. */
        BILINEAR,
        /** Every pixel repeated 2x2. */
        NEAREST
    }

    public SkipConfig {
        channels = List.copyOf(channels);
        skipChannels = List.copyOf(skipChannels);
        upsampling = List.copyOf(upsampling);
        int levels = channels.size();
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("1 to " + MAX_LEVELS + " levels, got " + levels);
        }
        if (skipChannels.size() != levels || upsampling.size() != levels) {
            throw new IllegalArgumentException("one width, skip width and upsampling per level: "
                    + channels + ", " + skipChannels + ", " + upsampling);
        }
        if (inputChannels < 1 || outputChannels < 1) {
            throw new IllegalArgumentException("channel counts must be positive: " + inputChannels
                    + ", " + outputChannels);
        }
        for (int level = 0; level < levels; level++) {
            if (channels.get(level) < 1 || skipChannels.get(level) < 0) {
                throw new IllegalArgumentException("level widths must be positive and skip widths"
                        + " not negative: " + channels + ", " + skipChannels);
            }
        }
        for (int kernel : new int[] {downKernel, upKernel, skipKernel}) {
            if (kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException("kernel sides must be odd, got " + downKernel
                        + ", " + upKernel + ", " + skipKernel);
            }
        }
    }

    /**
     * Every level alike: {@code channels} wide, {@code skipChannels} skips, 3x3 convolutions,
     * 1x1 skips, bilinear upsampling and a 1x1 decoder convolution, as the reference's
     * {@code get_net(..., 'skip', ...)} builds it.
     */
    public SkipConfig(int inputChannels, int outputChannels, int levels, int channels,
            int skipChannels) {
        this(inputChannels, outputChannels, Collections.nCopies(levels, channels),
                Collections.nCopies(levels, skipChannels), 3, 3, 1,
                Collections.nCopies(levels, Upsampling.BILINEAR), true);
    }

    /** The paper's denoising network: z of 32 channels, 5 levels of 128, 4-channel skips. */
    public static SkipConfig reference(int outputChannels) {
        return new SkipConfig(32, outputChannels, 5, 128, 4);
    }

    /** denoising.ipynb (F16): the reference network. */
    public static SkipConfig denoising(int outputChannels) {
        return reference(outputChannels);
    }

    /**
     * denoising.ipynb (snail, JPEG artefacts): a 3-channel code, widths 8 to 128, skips only at
     * the two deepest levels.
     */
    public static SkipConfig jpegArtifacts(int outputChannels) {
        return new SkipConfig(3, outputChannels, List.of(8, 16, 32, 64, 128), List.of(0, 0, 0, 4, 4),
                3, 3, 1, Collections.nCopies(5, Upsampling.BILINEAR), true);
    }

    /** super-resolution.ipynb: the reference network. */
    public static SkipConfig superResolution(int outputChannels) {
        return reference(outputChannels);
    }

    /**
     * inpainting.ipynb (kate, text removal): 5 levels of 128 with 128-channel skips, nearest
     * upsampling; wide skips carry the known pixels' detail across the holes' edges.
     */
    public static SkipConfig inpainting(int outputChannels) {
        return new SkipConfig(32, outputChannels, Collections.nCopies(5, 128),
                Collections.nCopies(5, 128), 3, 3, 1, Collections.nCopies(5, Upsampling.NEAREST),
                true);
    }

    /**
     * inpainting.ipynb (library, large holes): 6 levels of 16 to 128, no skips, 5x5 encoder, no
     * 1x1 decoder convolution, a 1-channel code. Without skips, holes are filled from the deep,
     * coarse levels, which is what large holes need.
     */
    public static SkipConfig inpaintingDeep(int outputChannels) {
        return new SkipConfig(1, outputChannels, List.of(16, 32, 64, 128, 128, 128),
                Collections.nCopies(6, 0), 5, 3, 1, Collections.nCopies(6, Upsampling.NEAREST),
                false);
    }

    /**
     * flash-no-flash.ipynb: the reference widths fed the flash shot (so as many input channels as
     * the image; override with {@link #withInputChannels} for another guide), nearest upsampling at
     * the two outer levels and bilinear below.
     */
    public static SkipConfig flashGuided(int outputChannels) {
        return new SkipConfig(outputChannels, outputChannels, Collections.nCopies(5, 128),
                Collections.nCopies(5, 4), 3, 3, 1,
                List.of(Upsampling.NEAREST, Upsampling.NEAREST, Upsampling.BILINEAR,
                        Upsampling.BILINEAR, Upsampling.BILINEAR),
                true);
    }

    /**
     * This network with its widest level {@code width} channels wide and the others scaled alike
     * (all of them {@code width} in a uniform network): the user's speed/quality knob. A skip keeps its
     * width unless that is wider than its narrowed level: inpainting's 128-channel skips would otherwise
     * leave a narrow network costing most of a full one.
     */
    public SkipConfig withChannels(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        int widest = widest();
        List<Integer> scaled = channels.stream()
                .map(c -> Math.max(1, (int) Math.round((double) c * width / widest)))
                .toList();
        List<Integer> skips = IntStream.range(0, scaled.size())
                .mapToObj(level -> Math.min(skipChannels.get(level), scaled.get(level))).toList();
        return new SkipConfig(inputChannels, outputChannels, scaled, skips, downKernel,
                upKernel, skipKernel, upsampling, upConv1x1);
    }

    /** This network fed {@code channels} input channels (a code of another depth, or a guide). */
    public SkipConfig withInputChannels(int channels) {
        return new SkipConfig(channels, outputChannels, this.channels, skipChannels, downKernel,
                upKernel, skipKernel, upsampling, upConv1x1);
    }

    /** The width of the widest level, which sets most of a step's cost. */
    public int widest() {
        return Collections.max(channels);
    }

    public int levels() {
        return channels.size();
    }

    /** Height and width must be multiples of this, since every level halves them. */
    public int sizeDivisor() {
        return 1 << levels();
    }

    /**
     * The smallest height or width from {@code size} up that the network accepts: a multiple of
     * {@link #sizeDivisor()}, and large enough that the deepest level's reflection pads fit inside
     * it (PyTorch's ReflectionPad2d refuses the same): 2 divisors for 3x3 kernels, 3 for 5x5.
     */
    public int acceptedSize(int size) {
        int divisor = sizeDivisor();
        long rounded = ((long) size + divisor - 1) / divisor * divisor;
        return Math.toIntExact(Math.max(rounded, (long) minimumDeepestSide() * divisor));
    }

    /** Deepest side s: its encoder pads (downKernel-1)/2, its decoder at 2s pads the others'. */
    private int minimumDeepestSide() {
        int downPad = (downKernel - 1) / 2;
        int outerPad = (Math.max(upKernel, skipKernel) - 1) / 2;
        return Math.max(2, Math.max(downPad + 1, (outerPad + 2) / 2));
    }
}
