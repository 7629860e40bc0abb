package dev.revive.model;

import java.util.Optional;

/**
 * The object keys of one trained denoiser. Deterministic in the model id, like {@link JobKeys}, so a redelivered
 * training request overwrites its own files rather than leaving a second copy.
 */
public record ModelKeys(String modelId) {
    private static final String PREFIX = "models/";

    public ModelKeys {
        JobIds.requireValid(modelId);
    }

    public static ModelKeys of(String modelId) {
        return new ModelKeys(modelId);
    }

    /**
     * Which model's folder a key or key prefix lies in: the text after the area's name up to the next '/' (maybe
     * not a valid id, maybe empty); empty when it lies elsewhere. A prefix of the area's name itself ("mo")
     * reaches into every model's folder and yields "".
     */
    public static Optional<String> owningFolder(String keyOrPrefix) {
        if (PREFIX.startsWith(keyOrPrefix)) {
            return Optional.of("");
        }
        if (!keyOrPrefix.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = keyOrPrefix.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
    }

    /** The model's folder; everything the model owns lives below it. */
    public String prefix() {
        return PREFIX + modelId + "/";
    }

    /** The model record (JSON), the source of truth for its status. */
    public String record() {
        return prefix() + "model.json";
    }

    /** The saved model's files (SavedModel and its properties), each under its path relative to the model dir. */
    public String files() {
        return prefix() + "files/";
    }

    /** The key of one saved file, {@code relativePath} using '/' separators. */
    public String file(String relativePath) {
        return files() + relativePath;
    }
}
