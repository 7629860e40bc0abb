package dev.revive.worker.engine.selfsup;

import java.nio.file.Path;

/**
 * Told after every training step, with a way to save the state reached, so a run that may be cut off (a worker
 * stopped, a machine lost) can be resumed from there by {@link SelfSupervisedTrainer#resume}. It decides itself when
 * a save is worth its cost; being called costs nothing.
 */
@FunctionalInterface
public interface CheckpointListener {

    /** Saves nothing. */
    CheckpointListener NONE = (steps, state) -> {
    };

    /**
     * @param steps Adam steps taken in all, a resumed run's earlier ones included
     * @param state the model after those steps; valid only during this call
     */
    void afterStep(int steps, Snapshot state);

    /** The training state after a step: weights, Adam's moments and the step count. */
    @FunctionalInterface
    interface Snapshot {
        /**
         * Writes it as {@link TrainedModel#save} does, into {@code dir}, which must not exist yet: the directory
         * {@link SelfSupervisedTrainer#resume} takes.
         */
        void saveTo(Path dir);
    }
}
