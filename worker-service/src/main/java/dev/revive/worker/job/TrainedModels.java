package dev.revive.worker.job;

import dev.revive.model.JobStatus;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.StopReason;
import dev.revive.model.Task;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.model.ModelSource;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.selfsup.ServingSignature;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.revive.model.UnsupportedImageException;
import dev.revive.worker.engine.oldphoto.DefaultDetector;
import dev.revive.worker.engine.oldphoto.DefectDetector;
import dev.revive.worker.engine.imported.UnsupportedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Serves denoisers trained on a collection or imported (each loaded as its record says): a model's files are
 * downloaded once into the cache directory (they never change once the model succeeded), and the few most recently
 * used stay loaded.
 */
@ApplicationScoped
public class TrainedModels {
    private static final Logger LOG = Logger.getLogger(TrainedModels.class);

    private final ObjectStore store;
    private final WorkerConfig config;
    private final Path cacheDir;
    private final Map<String, Denoiser> loaded = new LinkedHashMap<>(4, 0.75f, true);
    private final Map<String, DefectDetector> detectors = new LinkedHashMap<>(4, 0.75f, true);

    public TrainedModels(ObjectStore store, WorkerConfig config) {
        this.store = store;
        this.config = config;
        this.cacheDir = config.models().cacheDir()
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "revive-models"));
    }

    /**
     * The photo of {@code task} restored by the model, in tiles: denoised, or for an old photo repaired by a triplet
     * model fed the defects of {@code photo.known()}, tiled with the photo. A gray photo goes through a colour model
     * as gray, and back.
     *
     * @throws InputMissingException when the model has no succeeded record or files
     * @throws UnsupportedModelException when it was imported as features, which restore nothing, or is not a
     *                                   triplet model and the task is an old photo
     */
    public synchronized Restoration restore(String modelId, Task task, Observation photo,
            CancellationSignal cancellation) {
        Denoiser denoiser = loaded(modelId, task);
        int channels = denoiser.serving().channels();
        Image degraded = photo.degraded();
        Image restored = denoiser.denoise(Observation.withHoles(degraded.withChannels(channels), photo.known()),
                config.tilePixels(), config.tileOverlap(), cancellation);
        return new Restoration(restored.withChannels(degraded.channels()), 0, StopReason.ITERATIONS, 0);
    }

    /**
     * The defect probabilities of {@code photo} by the detector {@code modelId}, or by the one shipped with the
     * worker when it is null; in tiles, so any size fits.
     *
     * @throws InputMissingException when the model has no succeeded record or files
     * @throws UnsupportedImageException when the model is not a defect detector
     */
    public synchronized Image defects(String modelId, Image photo, CancellationSignal cancellation) {
        DefectDetector detector = detector(modelId);
        return detector.probabilities(photo, DefectDetector.tileSide(config.tilePixels()), cancellation);
    }

    private static final String DEFAULT_DETECTOR = "default-defect-detector";

    private DefectDetector detector(String modelId) {
        String name = modelId == null ? DEFAULT_DETECTOR : modelId;
        DefectDetector detector = detectors.get(name);
        if (detector == null) {
            Path dir;
            if (modelId == null) {
                dir = cacheDir.resolve(DEFAULT_DETECTOR);
                if (!Files.isDirectory(dir)) {
                    extractDefault(dir);
                }
            } else {
                servable(modelId);
                dir = downloaded(modelId);
            }
            try {
                detector = DefectDetector.load(dir, DipRestorer.sessionOptions(config.cpuPrecision()));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedImageException("options.detector: " + e.getMessage());
            }
            detectors.put(name, detector);
            while (detectors.size() > Math.max(1, config.models().loaded())) {
                var eldest = detectors.entrySet().iterator().next();
                detectors.remove(eldest.getKey());
                eldest.getValue().close();
            }
        }
        return detector;
    }

    /** The shipped detector copied out of the jar, moved into place only once whole. */
    private void extractDefault(Path dir) {
        try {
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempDirectory(cacheDir, DEFAULT_DETECTOR + ".part-");
            DefaultDetector.extract(partial);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the default detector into " + cacheDir, e);
        }
    }

    /** The model's denoiser, loaded if need be; its record is read again to check a task other than denoising. */
    private Denoiser loaded(String modelId, Task task) {
        Denoiser denoiser = loaded.get(modelId);
        ModelRecord model = denoiser == null || task != Task.DENOISE ? servable(modelId) : null;
        if (model != null) {
            if (model.method() != null && model.method().isDetector()) {
                throw new UnsupportedModelException("model " + modelId + " is a defect detector, which restores"
                        + " nothing; it serves as options.detector of an old-photo request");
            }
            if (!model.restores()) {
                throw new UnsupportedModelException("model " + modelId + " was imported as "
                        + model.kindOrDenoiser().wireName() + ", which cannot restore a photo; it serves only as an"
                        + " unpaired training's featureModel");
            }
            if (!model.serves(task)) {
                throw new UnsupportedModelException("model " + modelId + ": " + ModelRecord.OLD_PHOTO_NEEDS_TRIPLET);
            }
        }
        if (denoiser == null) {
            Path dir = downloaded(modelId);
            SessionOptions session = DipRestorer.sessionOptions(config.cpuPrecision());
            denoiser = model.sourceOrTrained() == ModelSource.IMPORTED
                    ? Denoiser.loadImported(dir, ServingSignature.fromMetadata(model.metadata()), session)
                    : Denoiser.load(dir, session);
            loaded.put(modelId, denoiser);
            while (loaded.size() > Math.max(1, config.models().loaded())) {
                var eldest = loaded.entrySet().iterator().next();
                loaded.remove(eldest.getKey());
                eldest.getValue().close();
            }
        }
        return denoiser;
    }

    /** The files of a succeeded model, from the cache (downloaded first if need be), for another use than serving. */
    synchronized Path files(String modelId) {
        servable(modelId);
        return downloaded(modelId);
    }

    /** The model's record, which says how to load it. */
    private ModelRecord servable(String modelId) {
        ObjectRef record = new ObjectRef(store.bucket(), ModelKeys.of(modelId).record());
        ModelRecord model = store.readModel(modelId).orElseThrow(() -> new InputMissingException("model", record));
        if (model.status() != JobStatus.SUCCEEDED) {
            throw new InputMissingException("succeeded model", record);
        }
        return model;
    }

    /**
     * The model's directory in the cache, downloaded first if absent; whole or not there at all, since it is moved
     * into place only once complete.
     */
    private Path downloaded(String modelId) {
        ModelKeys keys = ModelKeys.of(modelId);
        Path dir = cacheDir.resolve(modelId);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempDirectory(cacheDir, modelId + ".part-");
            for (String key : store.keys(keys.files())) {
                Path target = partial.resolve(key.substring(keys.files().length())).normalize();
                if (!target.startsWith(partial)) {
                    throw new IllegalStateException("model file key escapes its directory: " + key);
                }
                Files.createDirectories(target.getParent());
                try (var in = store.open(new ObjectRef(store.bucket(), key))
                        .orElseThrow(() -> new InputMissingException("model file", new ObjectRef(store.bucket(), key)))) {
                    Files.copy(in, target);
                }
            }
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("model %s downloaded to %s", modelId, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache model " + modelId + " in " + cacheDir, e);
        }
    }

    @PreDestroy
    synchronized void close() {
        loaded.values().forEach(Denoiser::close);
        loaded.clear();
        detectors.values().forEach(DefectDetector::close);
        detectors.clear();
    }
}
