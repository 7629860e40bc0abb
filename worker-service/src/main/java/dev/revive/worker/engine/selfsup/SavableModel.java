package dev.revive.worker.engine.selfsup;

import java.nio.file.Path;

/**
 * A model fresh from training, whatever trained it, that saves in the layout {@link Denoiser#load} serves: a
 * SavedModel with the {@code noisy} to {@code denoised} signature and its {@link ModelInfo}. Close it to free its
 * session.
 */
public interface SavableModel extends AutoCloseable {

    ModelInfo info();

    /** Writes the model into {@code dir}, which must not exist yet. */
    void save(Path dir);

    @Override
    void close();
}
