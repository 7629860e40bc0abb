package dev.revive.deploy.k8s;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small Kustomize, for tests: builds a kustomization directory into plain resource maps without kubectl
 * (Debian's kubectl is too old for replacements, and a newer one cannot be installed from the registries CI
 * reaches). It supports exactly the fields this project's kustomizations use and refuses any other, so a
 * kustomization can never use a feature these tests would silently ignore:
 * {@code resources} (files and kustomization directories), {@code namespace}, {@code labels} (metadata only),
 * {@code configMapGenerator} and {@code secretGenerator} ({@code literals}, {@code envs}), {@code patches}
 * (strategic merge from a file, list entries merged by {@code name}), {@code images} and {@code replacements}.
 *
 * <p>Two deliberate differences from kubectl: generated names get no hash suffix (references stay equal, which
 * is what the tests compare), and a secretGenerator's env file is read from its {@code .example} template next
 * to it, because the real file holds credentials and is git-ignored.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "labels", "resources",
            "configMapGenerator", "secretGenerator", "patches", "images", "replacements");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "StorageClass", "PersistentVolume", "PriorityClass");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kustomize() {
    }

    /** Builds the kustomization in {@code dir} into resources, in kubectl's order of discovery. */
    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> k = readDocuments(dir.resolve("kustomization.yaml")).get(0);
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + key + "' is not supported here");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String entry : strings(k.get("resources"))) {
            Path path = dir.resolve(entry).normalize();
            resources.addAll(Files.isDirectory(path) ? build(path) : readDocuments(path));
        }
        for (Map<String, Object> gen : maps(k.get("configMapGenerator"))) {
            resources.add(generated("ConfigMap", dir, gen, false));
        }
        for (Map<String, Object> gen : maps(k.get("secretGenerator"))) {
            resources.add(generated("Secret", dir, gen, true));
        }
        for (Map<String, Object> patch : maps(k.get("patches"))) {
            if (patch.keySet().stream().anyMatch(key -> !key.equals("path"))) {
                throw new IllegalArgumentException(dir + ": only file patches (path:) are supported: " + patch);
            }
            for (Map<String, Object> doc : readDocuments(dir.resolve((String) patch.get("path")))) {
                Map<String, Object> target = find(resources, (String) doc.get("kind"), name(doc));
                mergeInto(target, doc);
            }
        }
        if (k.get("namespace") instanceof String namespace) {
            resources.stream()
                    .filter(r -> !CLUSTER_SCOPED.contains(r.get("kind")))
                    .forEach(r -> metadata(r).put("namespace", namespace));
        }
        for (Map<String, Object> label : maps(k.get("labels"))) {
            if (label.keySet().stream().anyMatch(key -> !key.equals("pairs"))) {
                throw new IllegalArgumentException(dir + ": labels support pairs only (metadata labels): " + label);
            }
            for (Map<String, Object> r : resources) {
                map(metadata(r), "labels").putAll(map(label, "pairs"));
            }
        }
        for (Map<String, Object> image : maps(k.get("images"))) {
            resources.forEach(r -> setImages(r, image));
        }
        for (Map<String, Object> replacement : maps(k.get("replacements"))) {
            replace(resources, replacement);
        }
        return resources;
    }

    static List<Map<String, Object>> readDocuments(Path file) {
        try (MappingIterator<Map<String, Object>> docs = YAML.readerForMapOf(Object.class)
                .readValues(Files.readString(file))) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (docs.hasNext()) {
                Map<String, Object> doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** Reads KEY=VALUE lines, skipping blank lines and # comments, as Kustomize's env files. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(file + ": not KEY=VALUE: " + line);
                }
                out.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return out;
    }

    static Map<String, Object> find(List<Map<String, Object>> resources, String kind, String name) {
        List<Map<String, Object>> found = resources.stream()
                .filter(r -> kind.equals(r.get("kind")) && name.equals(name(r)))
                .toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + kind + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    private static Map<String, Object> generated(String kind, Path dir, Map<String, Object> gen, boolean secret) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String literal : strings(gen.get("literals"))) {
            int eq = literal.indexOf('=');
            data.put(literal.substring(0, eq), literal.substring(eq + 1));
        }
        for (String env : strings(gen.get("envs"))) {
            data.putAll(readEnvFile(dir.resolve(secret ? env + ".example" : env)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", "v1");
        out.put("kind", kind);
        out.put("metadata", new LinkedHashMap<>(Map.of("name", gen.get("name"))));
        if (secret) {
            Map<String, Object> encoded = new LinkedHashMap<>();
            data.forEach((key, value) -> encoded.put(key,
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            out.put("type", "Opaque");
            out.put("data", encoded);
        } else {
            out.put("data", new LinkedHashMap<>(data));
        }
        return out;
    }

    /** Strategic merge, simplified: maps merge, null deletes, lists of named entries merge by name. */
    @SuppressWarnings("unchecked")
    private static Object merge(Object base, Object patch) {
        if (base instanceof Map<?, ?> b && patch instanceof Map<?, ?> p) {
            mergeInto((Map<String, Object>) b, (Map<String, Object>) p);
            return b;
        }
        if (base instanceof List<?> b && patch instanceof List<?> p && named(b) && named(p)) {
            List<Object> merged = new ArrayList<>(b);
            for (Object entry : p) {
                Object entryName = ((Map<?, ?>) entry).get("name");
                merged.stream()
                        .filter(existing -> Objects.equals(((Map<?, ?>) existing).get("name"), entryName))
                        .findFirst()
                        .ifPresentOrElse(existing -> merge(existing, entry), () -> merged.add(entry));
            }
            return merged;
        }
        return patch;
    }

    private static void mergeInto(Map<String, Object> base, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (value == null) {
                base.remove(key);
            } else {
                base.put(key, base.containsKey(key) ? merge(base.get(key), value) : value);
            }
        });
    }

    private static boolean named(List<?> list) {
        return list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get("name") instanceof String);
    }

    /** Kustomize's images transformer on every container list, wherever it is in the resource. */
    @SuppressWarnings("unchecked")
    private static void setImages(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((key, value) -> {
                if (("containers".equals(key) || "initContainers".equals(key)) && value instanceof List<?> list) {
                    for (Object c : list) {
                        Map<String, Object> container = (Map<String, Object>) c;
                        String current = (String) container.get("image");
                        if (current != null && imageName(current).equals(image.get("name"))) {
                            String name = (String) image.getOrDefault("newName", imageName(current));
                            String tag = image.containsKey("newTag") ? ":" + image.get("newTag") : imageTag(current);
                            container.put("image", name + tag);
                        }
                    }
                } else {
                    setImages(value, image);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(e -> setImages(e, image));
        }
    }

    static String imageName(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    static String imageTag(String image) {
        return image.substring(imageName(image).length());
    }

    private static void replace(List<Map<String, Object>> resources, Map<String, Object> replacement) {
        Map<String, Object> source = map(replacement, "source");
        Object value = get(find(resources, (String) source.get("kind"), (String) source.get("name")),
                (String) source.get("fieldPath"));
        if (value == null) {
            throw new IllegalArgumentException("replacement source has no value: " + source);
        }
        for (Map<String, Object> target : maps(replacement.get("targets"))) {
            Map<String, Object> select = map(target, "select");
            boolean create = target.get("options") instanceof Map<?, ?> o && Boolean.TRUE.equals(o.get("create"));
            Map<String, Object> resource = find(resources, (String) select.get("kind"), (String) select.get("name"));
            for (String path : strings(target.get("fieldPaths"))) {
                set(resource, path, value, create);
            }
        }
    }

    /** Reads a Kustomize field path: keys, list indexes ({@code 0}) and list selectors ({@code [name=x]}). */
    static Object get(Object node, String fieldPath) {
        for (String segment : segments(fieldPath)) {
            node = child(node, segment, false);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> resource, String fieldPath, Object value, boolean create) {
        List<String> segments = segments(fieldPath);
        Object node = resource;
        for (String segment : segments.subList(0, segments.size() - 1)) {
            Object next = child(node, segment, create);
            if (next == null) {
                throw new IllegalArgumentException("replacement target path not found: " + fieldPath);
            }
            node = next;
        }
        String last = segments.get(segments.size() - 1);
        Map<String, Object> parent = (Map<String, Object>) node;
        if (!create && !parent.containsKey(last)) {
            throw new IllegalArgumentException("replacement target field not found: " + fieldPath);
        }
        if (!parent.containsKey(last) && !(value instanceof String)) {
            // kubectl 1.32 (kustomize 5.5) creates such a field, and an overlay's patch of the same resource then
            // turns it into a string ("12"), which the API server refuses for an integer field.
            throw new IllegalArgumentException("replacement would create the non-string field " + fieldPath
                    + "; give the target a placeholder of the right type instead");
        }
        parent.put(last, value);
    }

    @SuppressWarnings("unchecked")
    private static Object child(Object node, String segment, boolean create) {
        if (segment.startsWith("[") && segment.endsWith("]") && node instanceof List<?> list) {
            String[] kv = segment.substring(1, segment.length() - 1).split("=", 2);
            return list.stream()
                    .filter(e -> e instanceof Map<?, ?> m && kv[1].equals(String.valueOf(m.get(kv[0]))))
                    .findFirst().orElse(null);
        }
        if (segment.chars().allMatch(Character::isDigit) && node instanceof List<?> list) {
            int index = Integer.parseInt(segment);
            return index < list.size() ? list.get(index) : null;
        }
        if (node instanceof Map<?, ?> m) {
            Object next = m.get(segment);
            if (next == null && create) {
                next = new LinkedHashMap<String, Object>();
                ((Map<String, Object>) m).put(segment, next);
            }
            return next;
        }
        return null;
    }

    private static List<String> segments(String fieldPath) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : fieldPath.toCharArray()) {
            if (c == '.' && depth == 0) {
                out.add(current.toString());
                current.setLength(0);
                continue;
            }
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            current.append(c);
        }
        out.add(current.toString());
        return out;
    }

    static String name(Map<String, Object> resource) {
        return (String) metadata(resource).get("name");
    }

    private static Map<String, Object> metadata(Map<String, Object> resource) {
        return map(resource, "metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, ignored -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : (List<String>) list;
    }
}
