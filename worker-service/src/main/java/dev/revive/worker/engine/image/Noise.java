package dev.revive.worker.engine.image;

import java.util.Random;

/** Synthetic degradations for tests, benchmarks and demos. */
public final class Noise {

    private Noise() {}

    /**
     * Adds white Gaussian noise and clamps to [0,1]. {@link Random} is used because its sequence is
     * specified by the JDK, so a seed gives the same noise on every machine.
     *
     * @param sigma standard deviation in [0,1] units (25/255 for the usual "sigma 25")
     */
    public static Image addGaussian(Image clean, double sigma, long seed) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be >= 0, got " + sigma);
        }
        Random random = new Random(seed);
        float[] src = clean.pixels();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            double v = src[i] + sigma * random.nextGaussian();
            out[i] = (float) Math.min(1.0, Math.max(0.0, v));
        }
        return new Image(clean.width(), clean.height(), clean.channels(), out);
    }
}
