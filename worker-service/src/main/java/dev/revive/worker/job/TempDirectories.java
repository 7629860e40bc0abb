package dev.revive.worker.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** The local scratch folders that model files pass through on their way to or from the store. */
final class TempDirectories {
    private static final Logger LOG = Logger.getLogger(TempDirectories.class);

    private TempDirectories() {}

    /** Removes {@code dir} and everything in it; a failure is logged, since the store already holds the result. */
    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
