package dev.revive.worker.engine.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * The paper's differentiable downsampler for super-resolution ({@code models/downsampler.py} with
 * {@code kernel_type='lanczos2', phase=0.5, preserve_size=True}): a fixed Lanczos-2 kernel of side
 * 4 x factor applied with stride {@code factor} after replicating the border, so an H x W image
 * becomes H/factor x W/factor. Super-resolution fits the network's output through it.
 */
public final class LanczosDownsampler {

    private static final int SUPPORT = 2;

    private LanczosDownsampler() {}

    /**
     * The 2D kernel, {@code 4 * factor} square, normalised to sum 1. Half-phase: its taps sit
     * between the high-resolution pixels, so its centre falls between the middle two.
     */
    public static double[][] kernel(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        }
        int side = 4 * factor;
        double centre = (side + 2) / 2.0; // (kernel_width + 1) / 2 with kernel_width = side + 1
        double[] taps = new double[side];
        for (int i = 1; i <= side; i++) {
            taps[i - 1] = lanczos(Math.abs(i + 0.5 - centre) / factor);
        }
        double[][] kernel = new double[side][side];
        double sum = 0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                kernel[i][j] = taps[i] * taps[j];
                sum += kernel[i][j];
            }
        }
        for (double[] row : kernel) {
            for (int j = 0; j < side; j++) {
                row[j] /= sum;
            }
        }
        return kernel;
    }

    /** sinc(x) sinc(x/2), unnormalised as the reference writes it. */
    private static double lanczos(double x) {
        if (x == 0) {
            return 1;
        }
        return SUPPORT * Math.sin(Math.PI * x) * Math.sin(Math.PI * x / SUPPORT)
                / (Math.PI * Math.PI * x * x);
    }

    /**
     * Adds the downsampling of {@code image} (NHWC, sides multiples of {@code factor}) to the
     * graph. The kernel is a constant diagonal over channels, so each channel is filtered alone, as
     * the reference's {@code Conv2d} with zeroed off-diagonal weights does. It runs in float64 so that
     * bfloat16 mixed precision, which rewrites float32 convolutions only, leaves it alone: rewritten, it
     * wrecked the super-resolution fit (10 dB), and it is a small part of the step.
     */
    public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image, int factor) {
        Shape shape = image.shape();
        if (shape.get(1) % factor != 0 || shape.get(2) % factor != 0) {
            throw new IllegalArgumentException(shape + " is not a multiple of " + factor);
        }
        if (factor == 1) {
            return image;
        }
        Ops scope = tf.withSubScope("lanczos_downsample");
        int channels = Math.toIntExact(shape.get(3));
        double[][] kernel = kernel(factor);
        int side = kernel.length;
        double[][][][] weights = new double[side][side][channels][channels];
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                for (int c = 0; c < channels; c++) {
                    weights[i][j][c][c] = kernel[i][j];
                }
            }
        }
        // The reference pads int((side - factor) / 2) on each side; an odd factor needs one more
        // at the end to keep the size, which the reference never meets (it uses 4 and 8).
        int before = (side - factor) / 2;
        int after = side - factor - before;
        Operand<TFloat64> padded =
                scope.dtypes.cast(replicatePad(scope, image, before, after), TFloat64.class);
        Operand<TFloat64> filter = scope.constant(weights);
        Operand<TFloat64> reduced = scope.nn.conv2d(padded, filter,
                List.of(1L, (long) factor, (long) factor, 1L), "VALID");
        return scope.dtypes.cast(reduced, TFloat32.class);
    }

    /**
     * Edge replication (PyTorch's ReplicationPad2d) of height and width: a one-pixel symmetric
     * mirror pad repeats the edge, so repeating it grows the border by copies of the edge.
     */
    static Operand<TFloat32> replicatePad(Ops tf, Operand<TFloat32> image, int before, int after) {
        Operand<TFloat32> padded = image;
        for (int step = 0; step < Math.max(before, after); step++) {
            int top = step < before ? 1 : 0;
            int bottom = step < after ? 1 : 0;
            padded = tf.mirrorPad(padded, tf.constant(new int[][] {{0, 0}, {top, bottom},
                    {top, bottom}, {0, 0}}), "SYMMETRIC");
        }
        return padded;
    }
}
