package dev.revive.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.revive.deploy.k8s.Manifests.MODULE;
import static dev.revive.deploy.k8s.Manifests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No credential is committed: Secrets are only generated from env files that git ignores, their templates are
 * empty, and no committed deployment file carries a value for a password- or key-like setting.
 */
class SecretsTest {

    /** A setting whose name says it holds a credential, with a literal value (not empty, not a $reference). */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)\\b([A-Z0-9_.-]*(password|secret[_-]?key|access[_-]?key|token)[A-Z0-9_.-]*)[ \\t]*[=:][ \\t]*"
                    + "[\"']?([^\\s\"'$#{}][^\\s\"']*)");

    @Test
    void secretsAreOnlyGeneratedFromGitIgnoredEnvFilesWithEmptyTemplates() throws IOException {
        List<PathMatcher> ignored = gitIgnored();
        List<Path> envFiles = new ArrayList<>();
        for (Path kustomization : files(MODULE, "kustomization.yaml")) {
            Map<String, Object> k = Kustomize.readDocuments(kustomization).get(0);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> generators = (List<Map<String, Object>>) k.getOrDefault("secretGenerator", List.of());
            for (Map<String, Object> generator : generators) {
                assertFalse(generator.containsKey("literals"), kustomization + ": a literal is a committed secret");
                assertFalse(generator.containsKey("files"), kustomization + ": use envs with a git-ignored file");
                @SuppressWarnings("unchecked")
                List<String> envs = (List<String>) generator.get("envs");
                envs.forEach(env -> envFiles.add(kustomization.getParent().resolve(env).normalize()));
            }
        }
        assertEquals(3, envFiles.size(), "revive-storage, minio-root and revive-api-keys");
        for (Path env : envFiles) {
            assertTrue(isIgnored(ignored, env), MODULE.relativize(env) + " must be git-ignored");
            Path template = Path.of(env + ".example");
            assertFalse(isIgnored(ignored, template), template + " is the committed template");
            Map<String, String> values = Kustomize.readEnvFile(template);
            assertFalse(values.isEmpty(), template.toString());
            values.forEach((key, value) -> assertEquals("", value, template + ": " + key + " must be empty"));
        }
    }

    @Test
    void noCommittedManifestIsASecret() throws IOException {
        for (Path yaml : files(MODULE, ".yaml")) {
            for (Map<String, Object> doc : Kustomize.readDocuments(yaml)) {
                assertFalse("Secret".equals(doc.get("kind")), yaml + " holds a Secret; generate it instead");
            }
        }
    }

    @Test
    void noCommittedDeploymentFileHoldsACredentialValue() throws IOException {
        List<PathMatcher> ignored = gitIgnored();
        List<Path> scanned = new ArrayList<>(files(MODULE, ""));
        scanned.removeIf(p -> isIgnored(ignored, p));
        scanned.add(REPO.resolve("docs/deploy-kubernetes.md"));
        for (String module : List.of("api-service", "worker-service")) {
            scanned.addAll(files(REPO.resolve(module).resolve("src/main/docker"), ""));
        }
        // The services' built-in development credentials must not reach a cluster either.
        List<String> knownDefaults = new ArrayList<>();
        for (String module : List.of("api-service", "worker-service")) {
            Properties p = Manifests.applicationProperties(module);
            knownDefaults.add(p.getProperty("revive.storage.secret-key"));
        }
        assertTrue(scanned.size() > 20, "scanned " + scanned.size() + " files");
        for (Path file : scanned) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = CREDENTIAL.matcher(text);
            while (m.find()) {
                throw new AssertionError(REPO.relativize(file) + ": " + m.group(1) + " has a literal value");
            }
            for (String secret : knownDefaults) {
                assertFalse(text.contains(secret), REPO.relativize(file) + " contains a development credential");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void credentialsReachContainersFromSecretsOnly(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Pattern credentialName = Pattern.compile("(?i).*(password|secret|access[_-]?key|token|credential).*");
        for (Container c : OverlayTest.allContainers(m)) {
            for (EnvVar env : c.getEnv()) {
                if (credentialName.matcher(env.getName()).matches()) {
                    assertNull(env.getValue(), c.getName() + ": " + env.getName() + " needs valueFrom a Secret");
                }
            }
        }
        for (ConfigMap config : m.all(ConfigMap.class)) {
            config.getData().keySet().forEach(key -> assertFalse(credentialName.matcher(key).matches(),
                    config.getMetadata().getName() + ": " + key + " belongs in a Secret"));
        }
    }

    /** The patterns of deploy/k8s/.gitignore (the only .gitignore the secret files depend on). */
    private static List<PathMatcher> gitIgnored() throws IOException {
        List<PathMatcher> out = new ArrayList<>();
        for (String line : Files.readAllLines(MODULE.resolve(".gitignore"))) {
            String pattern = line.strip();
            if (!pattern.isEmpty() && !pattern.startsWith("#")) {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            }
        }
        return out;
    }

    private static boolean isIgnored(List<PathMatcher> ignored, Path file) {
        Path relative = MODULE.relativize(file.toAbsolutePath().normalize());
        return ignored.stream().anyMatch(m -> m.matches(relative));
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !MODULE.relativize(p.toAbsolutePath().normalize()).startsWith("target"))
                    .filter(p -> !p.toString().contains("/src/test/"))
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .toList();
        }
    }
}
