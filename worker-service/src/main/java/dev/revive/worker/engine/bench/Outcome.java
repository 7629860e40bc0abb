package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Metrics;

/**
 * How one experiment went.
 *
 * @param autoStop whether the service stops this task by its rule by default (else after a fixed count)
 * @param defaultSteps the service's default step count (the cap, with an automatic stop)
 * @param stepsRun steps the run took (to its end, or to shortly after the automatic stop)
 * @param last the estimate after the last step run
 * @param tracker the best iterate, the rule's pick and the PSNR curve
 * @param secondsPerStep wall time per step of this run, bookkeeping included
 */
record Outcome(Experiment experiment, boolean autoStop, int defaultSteps, int stepsRun, Image last, IterateTracker tracker,
        double secondsPerStep) {

    /** What the service would have returned: the rule's pick, or the last step's estimate. */
    Image serviceResult() {
        return autoStop ? tracker.picked() : last;
    }

    int serviceIteration() {
        return autoStop ? tracker.pickedIteration() : stepsRun;
    }

    /** Whether the run covered the whole default schedule (else the result is at fewer steps). */
    boolean fullSchedule() {
        return autoStop ? tracker.picked() != null : stepsRun >= defaultSteps;
    }

    double psnr(Image image) {
        return Metrics.psnr(image, experiment.clean());
    }

    double ssim(Image image) {
        return Metrics.ssim(image, experiment.clean());
    }
}
