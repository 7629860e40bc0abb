package dev.revive.local.infra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The class paths of the servers, resolved at build time by maven-dependency-plugin into resources of this jar.
 * They point into the local Maven repository of the machine that built this module, which is why that build
 * (or {@code mvn install} of it) must have run on this machine.
 */
enum ServerClasspath {

    KAFKA("kafka-server.classpath"),
    S3PROXY("s3proxy.classpath");

    private final String resource;

    ServerClasspath(String resource) {
        this.resource = resource;
    }

    /** The jars, checked to exist: a stale list would otherwise surface as a ClassNotFoundException in a log file. */
    String value() {
        List<String> entries = Arrays.stream(read().split(File.pathSeparator))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .collect(Collectors.toList());
        List<String> missing = entries.stream().filter(entry -> !Files.exists(Path.of(entry))).collect(Collectors.toList());
        if (entries.isEmpty() || !missing.isEmpty()) {
            throw new IllegalStateException(resource + " lists jars that are not on this machine " + missing
                    + "; rebuild the module: ./mvnw -pl deploy/local-infra install");
        }
        return String.join(File.pathSeparator, entries);
    }

    private String read() {
        try (InputStream in = ServerClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is missing: build deploy/local-infra with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
