package dev.revive.worker.engine.selfsup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A denoiser fresh from training, still holding its graph: use it, save it, or resume it later
 * from what was saved. Close it to free the session.
 */
public final class TrainedModel implements SavableModel {

    private final DenoiserGraph graph;
    private final ModelInfo info;
    private final Denoiser denoiser;

    TrainedModel(DenoiserGraph graph, ModelInfo info) {
        this.graph = graph;
        this.info = info;
        this.denoiser = new Denoiser(graph.function(), graph.config(), info.inference(), null);
    }

    public Denoiser denoiser() {
        return denoiser;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /**
     * Writes the SavedModel (weights, and Adam's state and the step count for resuming) and
     * {@link ModelInfo#FILE_NAME} into {@code dir}, which must not exist yet.
     */
    @Override
    public void save(Path dir) {
        write(graph, info, dir);
    }

    /** The files of {@link #save}, for a checkpoint taken while the graph trains on. */
    static void write(DenoiserGraph graph, ModelInfo info, Path dir) {
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
