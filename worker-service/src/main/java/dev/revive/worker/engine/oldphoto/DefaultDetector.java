package dev.revive.worker.engine.oldphoto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The detector shipped inside the worker, so a fresh clone detects defects without downloading
 * anything: trained here at small scale by {@code bench/default-detector} (see docs/old-photos.md)
 * and kept under {@value #RESOURCE} in the jar. TensorFlow reads SavedModels from disk only, so
 * {@link #extract} copies it out first.
 */
public final class DefaultDetector {

    /** Where the files lie on the classpath. */
    public static final String RESOURCE = "/models/defect-detector/";

    /** Every file of the SavedModel and its description. */
    public static final List<String> FILES = List.of("saved_model.pb", "revive-denoiser.properties",
            "variables/variables.index", "variables/variables.data-00000-of-00001");

    private DefaultDetector() {}

    /** Copies the shipped detector into {@code dir} (created if missing) and returns it. */
    public static Path extract(Path dir) {
        try {
            for (String name : FILES) {
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = DefaultDetector.class.getResourceAsStream(RESOURCE + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the worker was built without its default detector ("
                                + RESOURCE + name + "); run bench/default-detector");
                    }
                    Files.copy(in, target);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the default detector to " + dir, e);
        }
    }
}
