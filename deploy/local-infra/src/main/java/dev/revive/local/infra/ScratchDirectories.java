package dev.revive.local.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The embedded servers' files are scratch: removed when their stack stops, and a leftover is harmless. */
public final class ScratchDirectories {
    private ScratchDirectories() {
    }

    /** Deletes {@code dir} and everything below it, quietly skipping what cannot be deleted. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
