package dev.revive.worker.engine.tile;

import dev.revive.worker.engine.image.Image;

/** Gradient energy per pixel pair position, and which positions are seams of a plan. */
final class SeamEnergy {

    private SeamEnergy() {}

    /**
     * Mean squared difference between neighbours, per pair position: entry {@code p} (from 1) is
     * over the pairs (p-1, p) along x when {@code across}, else along y.
     */
    static double[] pairEnergy(Image image, boolean across) {
        int length = across ? image.width() : image.height();
        int other = across ? image.height() : image.width();
        double[] energy = new double[length];
        for (int p = 1; p < length; p++) {
            double sum = 0;
            for (int q = 0; q < other; q++) {
                for (int c = 0; c < image.channels(); c++) {
                    float a = across ? image.pixel(p - 1, q, c) : image.pixel(q, p - 1, c);
                    float b = across ? image.pixel(p, q, c) : image.pixel(q, p, c);
                    sum += (double) (b - a) * (b - a);
                }
            }
            energy[p] = sum / ((double) other * image.channels());
        }
        return energy;
    }

    /**
     * Pair positions inside an overlap of two neighbouring tiles or on its edges; with no overlap,
     * the pair straddling the joint.
     */
    static boolean[] seamPairs(int[] starts, int tile, int length) {
        boolean[] seam = new boolean[length];
        for (int i = 1; i < starts.length; i++) {
            int end = Math.min(starts[i - 1] + tile, length - 1);
            for (int p = starts[i]; p <= end; p++) {
                seam[p] = true;
            }
        }
        return seam;
    }

    /** The strongest seam position over the mean of the others; 0 when there is no seam. */
    static double ratio(double[] energy, boolean[] seam) {
        double strongest = 0;
        double interior = 0;
        int count = 0;
        for (int p = 1; p < energy.length; p++) {
            if (seam[p]) {
                strongest = Math.max(strongest, energy[p]);
            } else {
                interior += energy[p];
                count++;
            }
        }
        return strongest / (interior / count);
    }
}
