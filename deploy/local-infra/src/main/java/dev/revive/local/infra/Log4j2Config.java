package dev.revive.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A console-only log4j2 configuration for the broker: its stdout is already the log file, and Kafka's own
 * configuration would write more files and log at INFO.
 */
final class Log4j2Config {

    private Log4j2Config() {
    }

    static Path write(Path file, String rootLevel) {
        String config = String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = " + rootLevel,
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
