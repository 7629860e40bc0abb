package dev.revive.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a server's configuration in insertion order, so a person reading it sees it grouped as built. */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static Path write(Path file, Map<String, String> properties) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# Written by dev.revive.local.infra on every start; edits are overwritten.\n");
            for (Map.Entry<String, String> e : properties.entrySet()) {
                out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
