package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows every estimate of one optimisation (previews every step) and keeps the ones a report needs:
 * the best against the clean image, the one a stopping rule picked, and a coarse PSNR curve. Only a
 * benchmark may know the clean image; the service never does.
 */
final class IterateTracker implements ProgressListener {

    /** Steps between the points of the recorded PSNR curve. */
    static final int CURVE_EVERY = 100;

    private final Image clean;
    private final long start = System.nanoTime();
    private final List<double[]> curve = new ArrayList<>();
    private Image latest;
    private Image best;
    private int bestIteration;
    private double bestPsnr = Double.NEGATIVE_INFINITY;
    private Image picked;
    private int pickedIteration;
    private double pickedSeconds;

    /** @param clean the ground truth, or null for an experiment without one (then only the pick is kept) */
    IterateTracker(Image clean) {
        this.clean = clean;
    }

    @Override
    public void onProgress(Progress progress) {
    }

    @Override
    public void onPreview(int iteration, Image estimate) {
        latest = estimate;
        if (clean == null) {
            return;
        }
        double psnr = Metrics.psnr(estimate, clean);
        if (psnr > bestPsnr) {
            bestPsnr = psnr;
            best = estimate;
            bestIteration = iteration;
        }
        if (iteration % CURVE_EVERY == 0) {
            curve.add(new double[] {iteration, psnr});
            // a long run (minutes per hundred steps at 512) shows where it is, and a killed one keeps its curve
            System.out.printf("  step=%d psnr=%.2f best_psnr=%.2f at %d elapsed_s=%.0f%n", iteration, psnr,
                    bestPsnr, bestIteration, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The rule fired after {@code iteration}: the estimate previewed for that step is its pick. */
    void ruleStopped(int iteration) {
        picked = latest;
        pickedIteration = iteration;
        pickedSeconds = (System.nanoTime() - start) / 1e9;
    }

    Image best() {
        return best;
    }

    int bestIteration() {
        return bestIteration;
    }

    /** The rule's pick, or null when it never fired. */
    Image picked() {
        return picked;
    }

    int pickedIteration() {
        return pickedIteration;
    }

    /** Wall time from the first step to the rule's pick, PSNR bookkeeping included (under 1%). */
    double pickedSeconds() {
        return pickedSeconds;
    }

    /** (iteration, PSNR) every {@link #CURVE_EVERY} steps. */
    List<double[]> curve() {
        return curve;
    }
}
