package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random square crops of the training photos, the same place cut from every observation of a
 * scene, each randomly flipped and turned (the eight symmetries of the square) so a few photos
 * go further.
 */
public final class PatchSampler {

    private final TrainingData data;

    public PatchSampler(TrainingData data) {
        this.data = data;
    }

    /**
     * {@code count} patches of {@code side}, one {@link Patches} per observation index below
     * {@code observations} (index 0: the first shot of each scene, 1: the second, ...).
     */
    public List<Patches> sample(SplittableRandom random, int count, int side, int observations) {
        int channels = data.channels();
        List<Patches> out = new ArrayList<>(observations);
        for (int o = 0; o < observations; o++) {
            out.add(Patches.zeros(count, side, channels));
        }
        for (int p = 0; p < count; p++) {
            List<Image> scene = data.scenes().get(random.nextInt(data.scenes().size()));
            Image first = scene.get(0);
            int left = random.nextInt(first.width() - side + 1);
            int top = random.nextInt(first.height() - side + 1);
            int symmetry = random.nextInt(8);
            for (int o = 0; o < observations; o++) {
                copy(scene.get(o), left, top, symmetry, out.get(o), p);
            }
        }
        return out;
    }

    private static void copy(Image image, int left, int top, int symmetry, Patches into, int patch) {
        int side = into.side();
        int channels = into.channels();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int u = (symmetry & 1) == 0 ? x : side - 1 - x;
                int v = (symmetry & 2) == 0 ? y : side - 1 - y;
                int sx = (symmetry & 4) == 0 ? u : v;
                int sy = (symmetry & 4) == 0 ? v : u;
                for (int c = 0; c < channels; c++) {
                    into.pixels()[into.index(patch, x, y, c)] = image.pixel(left + sx, top + sy, c);
                }
            }
        }
    }
}
