package dev.revive.worker.engine.unpaired;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The paper's background consistency: the restored photo, blurred by Gaussians of sigma 5, 9 and 15, must
 * match the degraded one blurred alike (weights 0.25, 0.5, 1), so the restorer keeps colours and shapes and
 * only removes what a blur removes too. Blurring is linear, so the blur of the difference is taken: three
 * separable blurs instead of six. Borders are zero-padded (a 91-tap kernel is wider than a 64-pixel patch,
 * which reflection cannot pad); both images are padded alike, so the padding cancels in the difference.
 */
final class BackgroundConsistency {

    static final double[] SIGMAS = {5, 9, 15};
    static final double[] WEIGHTS = {0.25, 0.5, 1.0};

    private BackgroundConsistency() {}

    /** Sum over sigmas of weight * mean |blur(degraded - restored)|. */
    static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> degraded, Operand<TFloat32> restored, int channels) {
        Operand<TFloat32> difference = tf.math.sub(degraded, restored);
        Operand<TFloat32> total = tf.constant(0f);
        for (int i = 0; i < SIGMAS.length; i++) {
            Operand<TFloat32> blurred = blur(tf, difference, SIGMAS[i], channels);
            Operand<TFloat32> l1 = tf.math.mean(tf.math.abs(blurred), tf.constant(new int[] {0, 1, 2, 3}));
            total = tf.math.add(total, tf.math.mul(tf.constant((float) WEIGHTS[i]), l1));
        }
        return total;
    }

    /** A Gaussian blur of each channel alone: a row pass and a column pass, taps out to 3 sigma. */
    static Operand<TFloat32> blur(Ops tf, Operand<TFloat32> images, double sigma, int channels) {
        float[] taps = taps(sigma);
        Operand<TFloat32> rows = tf.nn.conv2d(images, kernel(tf, taps, channels, true), List.of(1L, 1L, 1L, 1L),
                "SAME");
        return tf.nn.conv2d(rows, kernel(tf, taps, channels, false), List.of(1L, 1L, 1L, 1L), "SAME");
    }

    /** The normalised taps of a Gaussian of {@code sigma}, 2 * ceil(3 sigma) + 1 of them. */
    static float[] taps(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] taps = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            taps[i + radius] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
        }
        return taps;
    }

    /** A [1,K,C,C] (row) or [K,1,C,C] (column) kernel, each channel blurred on its own (diagonal in C). */
    private static Operand<TFloat32> kernel(Ops tf, float[] taps, int channels, boolean row) {
        float[][][][] k = row ? new float[1][taps.length][channels][channels]
                : new float[taps.length][1][channels][channels];
        for (int t = 0; t < taps.length; t++) {
            for (int c = 0; c < channels; c++) {
                if (row) {
                    k[0][t][c][c] = taps[t];
                } else {
                    k[t][0][c][c] = taps[t];
                }
            }
        }
        return tf.constant(StdArrays.ndCopyOf(k));
    }
}
