package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;

/** The seam between the job pipeline and the engine, so pipeline tests can run without minutes of optimisation. */
public interface Restorer {

    /**
     * @param channels the request's override of the network width, or null for the task's reference network
     */
    Restoration restore(Task task, Observation observation, DipSettings settings, Integer channels,
            ProgressListener progress, CancellationSignal cancellation);
}
