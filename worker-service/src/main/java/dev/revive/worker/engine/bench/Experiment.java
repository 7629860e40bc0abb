package dev.revive.worker.engine.bench;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.image.Image;

/**
 * One of the paper's experiments, prepared: what the engine is given, what it is judged against, and
 * what others reported for it.
 *
 * @param id short name, also the figures' file prefix
 * @param title what was done to which picture
 * @param observation what the service would receive
 * @param shownInput the degraded picture as a person sees it, at the output size
 * @param clean the ground truth, or null where the paper has none (JPEG snail, flash pair)
 * @param baseline a classic method's answer (bicubic for super-resolution), or null
 * @param steps how many steps to run: the task's default, or fewer where that does not finish here
 * @param paper the paper's number (or figure) for this experiment
 * @param reference the reference code's number on this machine, where one was measured
 */
record Experiment(String id, String title, Task task, Observation observation, Image shownInput, Image clean,
        Image baseline, String baselineName, int steps, String paper, String reference) {

    /** The same experiment with at most {@code maxSteps} steps: for a quick look, not for the report's numbers. */
    Experiment cappedAt(int maxSteps) {
        return steps <= maxSteps ? this : new Experiment(id, title, task, observation, shownInput, clean, baseline,
                baselineName, maxSteps, paper, reference);
    }
}
