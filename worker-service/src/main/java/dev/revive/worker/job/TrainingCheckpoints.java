package dev.revive.worker.job;

import dev.revive.model.Hashes;
import dev.revive.model.Json;
import dev.revive.model.ModelKeys;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.StorageUnavailableException;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.ModelInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A training's checkpoints in the store, so that a redelivered request goes on where a stopped worker left off.
 * A checkpoint is the saved state's files under {@link ModelKeys#checkpointFiles(long)}, then a manifest naming its
 * step, the files' digests and the training time so far, written last: a worker killed mid-upload leaves the previous
 * manifest, which names whole files, and a file that does not match its digest makes the checkpoint unusable rather
 * than wrong.
 */
@ApplicationScoped
public class TrainingCheckpoints {
    private static final Logger LOG = Logger.getLogger(TrainingCheckpoints.class);

    private final ObjectStore store;
    private final WorkerConfig.Models config;

    public TrainingCheckpoints(ObjectStore store, WorkerConfig config) {
        this.store = store;
        this.config = config.models();
    }

    /**
     * What {@link ModelKeys#checkpointManifest()} holds.
     *
     * @param trainedMillis training wall time up to this step, summed over the attempts that led to it
     * @param files         SHA-256 of each file, by its path relative to the saved directory
     */
    record Manifest(int step, long trainedMillis, Map<String, String> files) {
    }

    /** A checkpoint downloaded and checked, ready to resume from {@code dir}. */
    public record Restored(Path dir, int step, Duration trained) {
    }

    /**
     * The model's latest checkpoint, downloaded into {@code into} (which must not exist); empty when there is none,
     * or when it is unreadable, incomplete or altered (logged: the training then starts over).
     *
     * @throws StorageUnavailableException when the store is away, so the request is tried again later
     */
    public Optional<Restored> download(String modelId, Path into) {
        ModelKeys keys = ModelKeys.of(modelId);
        Optional<byte[]> manifestBytes = store.readOwn(keys.checkpointManifest());
        if (manifestBytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            Manifest manifest = Json.read(manifestBytes.get(), Manifest.class);
            if (manifest == null || manifest.step() < 1 || manifest.files() == null || manifest.files().isEmpty()
                    || manifest.trainedMillis() < 0) {
                throw new IllegalStateException("the manifest names no step or no files");
            }
            for (Map.Entry<String, String> file : manifest.files().entrySet()) {
                Path target = into.resolve(file.getKey()).normalize();
                if (!target.startsWith(into) || file.getKey().isBlank()) {
                    throw new IllegalStateException("the manifest names a file outside the checkpoint: "
                            + file.getKey());
                }
                byte[] bytes = store.readOwn(keys.checkpointFile(manifest.step(), file.getKey()))
                        .orElseThrow(() -> new IllegalStateException(file.getKey() + " is missing"));
                if (!Hashes.sha256(bytes).equals(file.getValue())) {
                    throw new IllegalStateException(file.getKey() + " does not match its digest");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            }
            ModelInfo info = ModelInfo.read(into);
            if (info.steps() != manifest.step()) {
                throw new IllegalStateException("the manifest says step " + manifest.step() + ", the files "
                        + info.steps());
            }
            return Optional.of(new Restored(into, manifest.step(), Duration.ofMillis(manifest.trainedMillis())));
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("model %s: the checkpoint cannot be used (%s); training starts over from step 0", modelId,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Saves checkpoints of a run every {@code checkpoint-every} steps or {@code checkpoint-interval}, whichever comes
     * first, but not at its last step (the model itself is saved then).
     *
     * @param trainedBefore training time of the attempts before this one, up to the checkpoint it resumed from
     */
    public Saver saver(String modelId, int totalSteps, Duration trainedBefore) {
        return new Saver(ModelKeys.of(modelId), totalSteps, trainedBefore);
    }

    /** Removes every checkpoint of the model: manifest first, so no half-removed checkpoint is ever named. */
    public void remove(String modelId) {
        ModelKeys keys = ModelKeys.of(modelId);
        store.remove(keys.checkpointManifest());
        store.keys(keys.checkpoint()).forEach(store::remove);
    }

    /** One run's checkpoints; also tells whether the run took a step at all, and what the last save cost. */
    public final class Saver implements CheckpointListener {
        private final ModelKeys keys;
        private final int totalSteps;
        private final long trainedBefore;
        private final long start = System.nanoTime();
        private long lastSave = start;
        private int lastStep = -1;
        private int firstStep = -1;
        private double lastCostSeconds = Double.NaN;

        Saver(ModelKeys keys, int totalSteps, Duration trainedBefore) {
            this.keys = keys;
            this.totalSteps = totalSteps;
            this.trainedBefore = trainedBefore.toMillis();
        }

        @Override
        public void afterStep(int steps, Snapshot state) {
            if (firstStep < 0) {
                firstStep = steps;
                lastStep = steps - 1;
            }
            long now = System.nanoTime();
            boolean byCount = config.checkpointEvery() > 0 && steps - lastStep >= config.checkpointEvery();
            boolean byTime = now - lastSave >= config.checkpointInterval().toNanos();
            if (steps >= totalSteps || !(byCount || byTime)) {
                return;
            }
            try {
                save(steps, state, now);
            } catch (StorageUnavailableException | UncheckedIOException | IllegalStateException e) {
                LOG.warnf("model %s: no checkpoint at step %d (%s); training goes on", keys.modelId(), steps,
                        e.getMessage());
            }
            lastStep = steps;
            lastSave = System.nanoTime();
        }

        private void save(int steps, Snapshot state, long now) {
            Path temp = null;
            try {
                temp = Files.createTempDirectory("revive-checkpoint-");
                Path dir = temp.resolve("state");
                state.saveTo(dir);
                Map<String, String> files = new TreeMap<>();
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path file : walk.filter(Files::isRegularFile).toList()) {
                        String relative = dir.relativize(file).toString()
                                .replace(file.getFileSystem().getSeparator(), "/");
                        byte[] bytes = Files.readAllBytes(file);
                        store.put(keys.checkpointFile(steps, relative), bytes, "application/octet-stream");
                        files.put(relative, Hashes.sha256(bytes));
                    }
                }
                long trained = trainedBefore + (now - start) / 1_000_000;
                store.put(keys.checkpointManifest(), Json.writeBytes(new Manifest(steps, trained, files)),
                        "application/json");
                String current = keys.checkpointFiles(steps);
                for (String key : store.keys(keys.checkpoint())) {
                    if (!key.startsWith(current) && !key.equals(keys.checkpointManifest())) {
                        store.remove(key);
                    }
                }
                lastCostSeconds = (System.nanoTime() - now) / 1e9;
                LOG.infof("model %s: checkpoint at step %d in %.2f s", keys.modelId(), steps, lastCostSeconds);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TempDirectories.delete(temp);
            }
        }

        /** Whether the run took any step, so a failure came from training rather than from loading the state. */
        public boolean stepped() {
            return firstStep >= 0;
        }

        /** Seconds the last checkpoint took (save, upload, manifest, clean-up); NaN before the first. */
        public double lastCostSeconds() {
            return lastCostSeconds;
        }
    }
}
