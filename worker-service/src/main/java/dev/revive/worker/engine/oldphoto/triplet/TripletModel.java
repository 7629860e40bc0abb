package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.SavableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A restorer fresh from triplet training, still holding its graph. Saved, it is a denoiser like the
 * self-supervised ones ({@code selfsup.Denoiser.load} serves it), and a state {@link TripletTrainer#resume} goes on
 * from. Close it to free the session.
 */
public final class TripletModel implements SavableModel {

    private final TripletGraph graph;
    private final ModelInfo info;
    private final TripletLosses losses;

    TripletModel(TripletGraph graph, ModelInfo info, TripletLosses losses) {
        this.graph = graph;
        this.info = info;
        this.losses = losses;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** The terms of the last step; null when no step was taken. */
    public TripletLosses losses() {
        return losses;
    }

    /** The step stage 2 began at, or -1 when training stopped in stage 1. */
    public long mappingFrom() {
        return graph.mappingFrom();
    }

    /** Writes the SavedModel and {@link ModelInfo#FILE_NAME} into {@code dir}, which must not exist yet. */
    @Override
    public void save(Path dir) {
        write(graph, info, dir);
    }

    static void write(TripletGraph graph, ModelInfo info, Path dir) {
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
