package dev.revive.worker.engine.selfsup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Noise2Void (Krull et al. 2019): noise independent between pixels cannot be predicted from the
 * neighbours, the signal can. A few pixels of each patch are replaced by a random neighbour's value
 * (a blind spot), and the loss is taken on those pixels alone against their original noisy value.
 *
 * @param maskedFraction share of each patch's pixels masked per step (the paper: about 1.5%)
 * @param radius neighbours are drawn from the (2 radius + 1)^2 window, centre excluded (paper: 2)
 */
public record Noise2Void(double maskedFraction, int radius) implements TrainingMethod {

    public Noise2Void {
        if (!(maskedFraction > 0 && maskedFraction <= 0.5)) {
            throw new IllegalArgumentException("masked fraction must be in (0, 0.5], got "
                    + maskedFraction);
        }
        if (radius < 1) {
            throw new IllegalArgumentException("radius must be >= 1, got " + radius);
        }
    }

    /** The paper's setting: 64 of 4096 pixels of a 64x64 patch, neighbours from a 5x5 window. */
    public static Noise2Void paper() {
        return new Noise2Void(64 / 4096.0, 2);
    }

    @Override
    public String name() {
        return "noise2void";
    }

    @Override
    public TrainingBatch batch(List<Patches> observations, SplittableRandom random,
            UnaryOperator<Patches> network) {
        Patches noisy = observations.get(0);
        int side = noisy.side();
        int channels = noisy.channels();
        float[] masked = noisy.pixels().clone();
        Patches weights = Patches.zeros(noisy.count(), side, channels);
        int perPatch = Math.max(1, (int) Math.round(maskedFraction * side * side));
        for (int p = 0; p < noisy.count(); p++) {
            for (int i = 0; i < perPatch; i++) {
                int x = random.nextInt(side);
                int y = random.nextInt(side);
                int nx;
                int ny;
                do {
                    nx = x + random.nextInt(-radius, radius + 1);
                    ny = y + random.nextInt(-radius, radius + 1);
                } while ((nx == x && ny == y) || nx < 0 || ny < 0 || nx >= side || ny >= side);
                for (int c = 0; c < channels; c++) {
                    masked[noisy.index(p, x, y, c)] = noisy.pixels()[noisy.index(p, nx, ny, c)];
                    weights.pixels()[noisy.index(p, x, y, c)] = 1f;
                }
            }
        }
        return TrainingBatch.of(new Patches(noisy.count(), side, channels, masked), noisy, weights);
    }
}
