package dev.revive.deploy.k8s;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.revive.deploy.k8s.Manifests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The images the manifests name are built by Dockerfiles and Maven profiles that agree with them. */
class BuildFilesTest {

    @Test
    void theGpuImageRunsOnCuda125WithCudnn93AndTheGpuNativeBuild() throws Exception {
        String dockerfile = dockerfile("worker-service", "Dockerfile.gpu");
        assertTrue(finalBase(dockerfile).matches("nvidia/cuda:12\\.5\\.\\d+-cudnn-runtime-ubuntu22\\.04"),
                finalBase(dockerfile));
        assertTrue(dockerfile.contains("libcudnn9-cuda-12=9.3."), "cuDNN 9.3, as TensorFlow 2.18 was built with");
        assertTrue(dockerfile.contains("-Pgpu"), "the build instructions select the gpu profile");
        assertEquals("linux-x86_64-gpu", profileProperty("worker-service", "gpu", "tensorflow.native.classifier"));
        // Without the profile, the CPU build stays the default.
        assertEquals("linux-x86_64", pomProperty("worker-service", "tensorflow.native.classifier"));
    }

    @Test
    void theJvmImagesRunJava17OnGlibc() throws IOException {
        assertTrue(finalBase(dockerfile("worker-service", "Dockerfile.cpu")).startsWith("eclipse-temurin:17-jre-jammy"));
        assertTrue(finalBase(dockerfile("api-service", "Dockerfile.jvm")).startsWith("eclipse-temurin:17-jre-jammy"));
        assertTrue(dockerfile("worker-service", "Dockerfile.gpu").contains("FROM eclipse-temurin:17-jre-jammy AS jre"));
    }

    @Test
    void everyImageRunsTheFastJarAsPid1OnTheServicesPortAsANonRootUser() throws IOException {
        Map<String, List<String>> images = Map.of(
                "api-service", List.of("Dockerfile.jvm", "Dockerfile.native"),
                "worker-service", List.of("Dockerfile.cpu", "Dockerfile.gpu"));
        images.forEach((module, files) -> {
            String port = Manifests.applicationProperties(module).getProperty("quarkus.http.port");
            for (String file : files) {
                String text = dockerfile(module, file);
                assertTrue(text.contains("\nEXPOSE " + port + "\n"), module + "/" + file + " exposes " + port);
                assertTrue(text.matches("(?s).*\nUSER [0-9]+\n.*"), module + "/" + file + ": numeric non-root user");
                if (!file.endsWith(".native")) {
                    // exec: SIGTERM reaches the JVM, which the worker needs to hand its job back.
                    assertTrue(text.contains("exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"), file);
                    assertTrue(text.contains("target/quarkus-app/lib/"), file);
                }
            }
        });
        // The warm-up program the worker images compile and run exists where they copy it from.
        assertTrue(Files.exists(REPO.resolve("worker-service/src/main/docker/WarmNativeCache.java")));
    }

    @Test
    void theApiHasANativeProfile() throws Exception {
        assertEquals("true", profileProperty("api-service", "native", "quarkus.native.enabled"));
        assertEquals("false", profileProperty("api-service", "native", "quarkus.package.jar.enabled"));
        assertTrue(dockerfile("api-service", "Dockerfile.native").contains("target/*-runner"));
    }

    private static String dockerfile(String module, String name) {
        try {
            return Files.readString(REPO.resolve(module).resolve("src/main/docker").resolve(name));
        } catch (IOException e) {
            throw new AssertionError(module + "/" + name, e);
        }
    }

    /** The image of the last FROM: the stage that becomes the image. */
    private static String finalBase(String dockerfile) {
        String last = null;
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("FROM ")) {
                last = line.split("\\s+")[1];
            }
        }
        return last;
    }

    private static String pomProperty(String module, String name) throws Exception {
        Element project = pom(module).getDocumentElement();
        return properties(child(project, "properties")).get(name);
    }

    private static String profileProperty(String module, String profile, String name) throws Exception {
        NodeList profiles = pom(module).getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if (profile.equals(child(p, "id").getTextContent().strip())) {
                return properties(child(p, "properties")).get(name);
            }
        }
        throw new AssertionError(module + " has no profile " + profile);
    }

    private static Document pom(String module) throws Exception {
        Path pom = REPO.resolve(module).resolve("pom.xml");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static Map<String, String> properties(Element properties) {
        Map<String, String> out = new HashMap<>();
        for (var n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return out;
    }
}
