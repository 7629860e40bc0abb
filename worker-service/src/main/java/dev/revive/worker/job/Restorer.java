package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.image.Image;

/** The seam between the job pipeline and the engine, so pipeline tests can run without minutes of optimisation. */
public interface Restorer {

    Image restore(Task task, Image input, DipSettings settings, ProgressListener progress,
            CancellationSignal cancellation);
}
