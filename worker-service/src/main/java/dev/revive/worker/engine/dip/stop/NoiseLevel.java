package dev.revive.worker.engine.dip.stop;

import dev.revive.worker.engine.image.Image;
import java.util.Arrays;

/**
 * The noise in a single photo, without its clean version (Donoho and Johnstone's robust
 * estimator): the finest diagonal Haar coefficients of a natural image are almost all noise, and
 * their median absolute value over 0.6745 is the noise's standard deviation, unmoved by the few
 * large coefficients that edges make.
 */
public final class NoiseLevel {

    /** The median of |N(0, 1)|: turns a median absolute deviation into a standard deviation. */
    private static final double MAD_TO_SIGMA = 0.6745;

    private NoiseLevel() {}

    /**
     * The noise standard deviation in [0,1] units, over all channels: the root mean square of the
     * channels' estimates, because a mean squared error over all samples expects their mean
     * variance. 0 for images smaller than 2x2.
     */
    public static double sigma(Image image) {
        double sumOfSquares = 0;
        for (int c = 0; c < image.channels(); c++) {
            double sigma = sigma(image, c);
            sumOfSquares += sigma * sigma;
        }
        return Math.sqrt(sumOfSquares / image.channels());
    }

    /** The noise standard deviation of one channel, in [0,1] units. */
    public static double sigma(Image image, int channel) {
        if (channel < 0 || channel >= image.channels()) {
            throw new IllegalArgumentException("no channel " + channel + " in a "
                    + image.channels() + "-channel image");
        }
        int blocksX = image.width() / 2;
        int blocksY = image.height() / 2;
        if (blocksX == 0 || blocksY == 0) {
            return 0;
        }
        double[] diagonal = new double[blocksX * blocksY];
        int n = 0;
        for (int by = 0; by < blocksY; by++) {
            for (int bx = 0; bx < blocksX; bx++) {
                int x = 2 * bx;
                int y = 2 * by;
                // Orthonormal 2-D Haar HH: keeps the variance of white noise as it is.
                double hh = (image.pixel(x, y, channel) - image.pixel(x + 1, y, channel)
                        - image.pixel(x, y + 1, channel) + image.pixel(x + 1, y + 1, channel)) / 2;
                diagonal[n++] = Math.abs(hh);
            }
        }
        return median(diagonal) / MAD_TO_SIGMA;
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
