package dev.revive.worker.job;

import dev.revive.model.StopReason;
import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.oldphoto.Aged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The repair of the {@code old-photo} task once its defects are known: fill them, then denoise the whole. Its own
 * bean so that each phase can be run and checked on its own at scan size, through the same restorer a job uses.
 */
@ApplicationScoped
public class OldPhotoRepair {
    private final Restorer restorer;

    public OldPhotoRepair(Instance<Restorer> restorers) {
        this.restorer = restorers.get();
    }

    /**
     * The defects filled, each phase with half of the time limit, then the whole denoised with the same number of
     * steps and an automatic stop. The iterations count both phases.
     */
    public Restoration repair(Observation holes, DipSettings settings, Integer channels, ProgressListener progress,
            CancellationSignal cancellation) {
        DipSettings half = settings.timeLimit() == null ? settings
                : settings.withTimeLimit(settings.timeLimit().dividedBy(2));
        Restoration filled = fill(holes, half, channels, progress, cancellation);
        Restoration denoised = denoise(filled, half, channels, progress, cancellation);
        return new Restoration(denoised.image(), filled.iterations() + denoised.iterations(), denoised.stopReason(),
                filled.divergenceRecoveries() + denoised.divergenceRecoveries());
    }

    /**
     * The holes ({@code known} 0) inpainted; the sound pixels stay the photo's own, not the network's fit of them.
     * No step at all when there is no hole, and none in a tile without one.
     */
    public Restoration fill(Observation holes, DipSettings settings, Integer channels, ProgressListener progress,
            CancellationSignal cancellation) {
        if (!holes.hasHoles()) {
            return new Restoration(holes.degraded(), 0, StopReason.ITERATIONS, 0);
        }
        Restoration inpainted = restorer.restore(Task.INPAINT, holes, settings, channels, progress, cancellation);
        return new Restoration(Aged.keepKnown(holes.degraded(), inpainted.image(), holes.known()),
                inpainted.iterations(), inpainted.stopReason(), inpainted.divergenceRecoveries());
    }

    /** The filled photo denoised, stopping on its own when the fit starts to explain the noise. */
    public Restoration denoise(Restoration filled, DipSettings settings, Integer channels, ProgressListener progress,
            CancellationSignal cancellation) {
        return restorer.restore(Task.DENOISE, Observation.noisy(filled.image()), settings.withAutoStop(true),
                channels, progress, cancellation);
    }
}
