package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DeepImagePrior;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;
import jakarta.enterprise.context.ApplicationScoped;

/** Restores with per-request Deep Image Prior optimisation in TensorFlow. */
@ApplicationScoped
public class DipRestorer implements Restorer {
    private final DeepImagePrior dip = new DeepImagePrior();

    @Override
    public Image restore(Task task, Image input, DipSettings settings, ProgressListener progress,
            CancellationSignal cancellation) {
        return switch (task) {
            case DENOISE -> dip.denoise(input, settings, progress, cancellation);
        };
    }
}
