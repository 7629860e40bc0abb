package dev.revive.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the packaged services are in a checkout, found by walking up to the root (the folder with the wrapper). */
public record ServiceJars(Path api, Path worker) {
    public static ServiceJars inCheckout(Path from) {
        Path root = checkoutRoot(from.toAbsolutePath());
        ServiceJars jars = new ServiceJars(runner(root, "api-service"), runner(root, "worker-service"));
        for (Path jar : new Path[] {jars.api, jars.worker}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package the services first "
                        + "(./mvnw -DskipTests package)");
            }
        }
        return jars;
    }

    private static Path runner(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Path checkoutRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a Revive checkout: " + from);
    }
}
