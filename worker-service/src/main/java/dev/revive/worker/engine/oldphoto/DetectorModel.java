package dev.revive.worker.engine.oldphoto;

import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.SavableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A defect detector fresh from training, still holding its graph: use it, save it (a SavedModel
 * plus the {@link ModelInfo} every stored model has, method {@value DetectorTrainer#METHOD}), or
 * resume it later from what was saved. Close it to free the session.
 */
public final class DetectorModel implements SavableModel {

    private final DetectorGraph graph;
    private final ModelInfo info;
    private final DefectDetector detector;

    DetectorModel(DetectorGraph graph, ModelInfo info) {
        this.graph = graph;
        this.info = info;
        this.detector = new DefectDetector(graph.function(), graph.config(), null);
    }

    public DefectDetector detector() {
        return detector;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void save(Path dir) {
        write(graph, info, dir);
    }

    static void write(DetectorGraph graph, ModelInfo info, Path dir) {
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
