package dev.revive.worker.job;

import dev.revive.model.Task;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DeepImagePrior;
import dev.revive.worker.engine.dip.DipGraphCache;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.StoppingRule;
import dev.revive.worker.engine.nn.SkipConfig;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Restores with per-request Deep Image Prior optimisation in TensorFlow, with each task's reference network.
 * It keeps the last job's graph, so a run of same-sized photos pays the graph build (2-3 s) once; it frees it
 * at shutdown.
 */
@ApplicationScoped
@LookupIfProperty(name = WorkerConfig.ENGINE, stringValue = "dip", lookupIfMissing = true)
public class DipRestorer implements Restorer {
    private final DipGraphCache graphs = new DipGraphCache();
    private final DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults(), graphs);

    @Override
    public Restoration restore(Task task, Observation observation, DipSettings settings, Integer channels,
            ProgressListener progress, CancellationSignal cancellation) {
        SkipConfig network = TaskNetworks.forTask(task, observation);
        if (channels != null) {
            network = network.withChannels(channels);
        }
        return dip.restore(observation, network, settings, StoppingRule.NEVER, progress, cancellation);
    }

    @PreDestroy
    void releaseGraphs() {
        graphs.close();
    }
}
