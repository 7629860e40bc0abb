package dev.revive.worker.engine.dip;

import dev.revive.model.StopReason;
import dev.revive.worker.engine.image.Image;

/**
 * A finished Deep Image Prior job.
 *
 * @param image the restored photo at the output size (the observation's, times the scale)
 * @param iterations optimisation steps run, including any undone by a divergence recovery
 * @param stopReason why it stopped there
 * @param divergenceRecoveries how often the fit blew up and was rolled back to a checkpoint
 */
public record Restoration(Image image, int iterations, StopReason stopReason,
        int divergenceRecoveries) {
}
