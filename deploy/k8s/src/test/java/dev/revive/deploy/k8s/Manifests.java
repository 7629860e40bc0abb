package dev.revive.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rendered overlay as typed fabric8 objects: core kinds as their model classes, custom resources (Strimzi,
 * KEDA) as {@link GenericKubernetesResource}. Paths are relative to this module's directory (deploy/k8s),
 * where Surefire runs the tests.
 */
record Manifests(String overlay, List<HasMetadata> resources) {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPO = MODULE.resolve("../..").normalize();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    /** The overlay under overlays/{name}, rendered once per test run (the tests only read it). */
    static Manifests overlay(String name) {
        return RENDERED.computeIfAbsent(name, Manifests::render);
    }

    private static Manifests render(String name) {
        List<HasMetadata> typed = new ArrayList<>();
        for (Map<String, Object> raw : Kustomize.build(MODULE.resolve("overlays").resolve(name))) {
            KubernetesResource resource = SERIALIZATION.convertValue(raw, KubernetesResource.class);
            if (!(resource instanceof HasMetadata hasMetadata)) {
                throw new IllegalStateException("not a Kubernetes object: " + raw);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, hasMetadata.getKind() + "/" + hasMetadata.getMetadata().getName(), unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalStateException(name + ": fields the Kubernetes model does not know (typos?): "
                        + unknown);
            }
            typed.add(hasMetadata);
        }
        return new Manifests(name, typed);
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return all(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    GenericKubernetesResource custom(String kind, String name) {
        return customs(kind).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    List<GenericKubernetesResource> customs(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    static Container container(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        if (pod.getContainers().size() != 1) {
            throw new AssertionError(deployment.getMetadata().getName() + ": expected one container");
        }
        return pod.getContainers().get(0);
    }

    /** A service's application.properties, the source of its ports and the workers' consumer group. */
    static Properties applicationProperties(String module) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                REPO.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * fabric8's model classes keep fields they do not know in "additional properties" instead of failing;
     * a misspelt field (readinesProbe) would otherwise pass unnoticed. Custom resources have no schema here.
     */
    private static void unknownFields(Object node, String where, List<String> out) {
        if (node == null || node instanceof GenericKubernetesResource) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            collection.forEach(e -> unknownFields(e, where, out));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> unknownFields(v, where, out));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = method.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(where + " " + node.getClass().getSimpleName() + " " + extra.keySet());
                }
            } else {
                unknownFields(value, where, out);
            }
        }
    }
}
