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

    /** Which model's folder a key or key prefix lies in; see {@link KeyAreas#folderIn}. */
    public static Optional<String> owningFolder(String keyOrPrefix) {
        return KeyAreas.folderIn(PREFIX, keyOrPrefix);
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

    /**
     * The training's checkpoints, kept while it runs and removed once the model is saved: each step's files under
     * {@link #checkpointFiles(long)}, then {@link #checkpointManifest()} naming the step, written last.
     */
    public String checkpoint() {
        return prefix() + "checkpoint/";
    }

    /** Names the checkpoint to resume from; written only after all of its files, so it never names a partial one. */
    public String checkpointManifest() {
        return checkpoint() + "manifest.json";
    }

    /** The saved state after {@code step} steps, each file under its path relative to the saved directory. */
    public String checkpointFiles(long step) {
        return checkpoint() + "step-" + step + "/";
    }

    public String checkpointFile(long step, String relativePath) {
        return checkpointFiles(step) + relativePath;
    }
}
