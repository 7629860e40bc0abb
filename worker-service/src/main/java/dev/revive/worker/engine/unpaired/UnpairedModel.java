package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.SavableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A restorer fresh from unpaired training, still holding its graph. Saved, it is a denoiser like the
 * self-supervised ones ({@code selfsup.Denoiser.load} serves it), and a state {@link UnpairedTrainer#resume}
 * goes on from. Close it to free the session.
 */
public final class UnpairedModel implements SavableModel {

    private final UnpairedGraph graph;
    private final ModelInfo info;
    private final Losses losses;

    UnpairedModel(UnpairedGraph graph, ModelInfo info, Losses losses) {
        this.graph = graph;
        this.info = info;
        this.losses = losses;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** The terms of the last step; null when no step was taken. */
    public Losses losses() {
        return losses;
    }

    /** Writes the SavedModel and {@link ModelInfo#FILE_NAME} into {@code dir}, which must not exist yet. */
    @Override
    public void save(Path dir) {
        write(graph, info, dir);
    }

    static void write(UnpairedGraph graph, ModelInfo info, Path dir) {
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists already; a model goes to a new directory");
        }
        graph.save(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        info.write(dir);
    }

    @Override
    public void close() {
        graph.close();
    }
}
