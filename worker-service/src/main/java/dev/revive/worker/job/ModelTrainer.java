package dev.revive.worker.job;

import dev.revive.model.CollectionRef;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobError;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.Progress;
import dev.revive.model.RestorationOptions;
import dev.revive.model.TrainingRequest;
import dev.revive.model.UnsupportedImageException;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import dev.revive.storage.StorageUnavailableException;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.ImageTooLargeException;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.SelfSupervisedTrainer;
import dev.revive.worker.engine.selfsup.TrainedModel;
import dev.revive.worker.engine.selfsup.TrainingData;
import dev.revive.worker.engine.selfsup.TrainingMethod;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import dev.revive.worker.engine.selfsup.UNetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Trains one denoiser on every image under a prefix and keeps it under {@link ModelKeys}. The files are uploaded
 * before the record says succeeded, so whoever sees a succeeded model can load it; a finished model is never
 * retrained on redelivery.
 */
@ApplicationScoped
public class ModelTrainer {
    private static final Logger LOG = Logger.getLogger(ModelTrainer.class);

    private final ObjectStore store;
    private final WorkerConfig config;
    private final SelfSupervisedTrainer trainer;
    private final Clock clock = Clock.systemUTC();

    public ModelTrainer(ObjectStore store, WorkerConfig config) {
        this.store = store;
        this.config = config;
        this.trainer = new SelfSupervisedTrainer(DipRestorer.sessionOptions(config.cpuPrecision()));
    }

    /** The photos a training reads, and how many under the prefix were left out. */
    record Collection(List<Image> images, int skipped) {
    }

    /**
     * Runs a valid request to a final record.
     *
     * @throws WorkerStoppingException when {@code stop} interrupted it; it is handed back, not finished
     * @throws StorageUnavailableException when the store is away; the consumer hands the request on
     */
    public ModelRecord train(TrainingRequest request, CancellationSignal stop) {
        TrainingRequest resolved = request.resolved();
        ModelRecord record = store.readModel(resolved.modelId()).orElseGet(() -> ModelRecord.queued(resolved));
        if (record.status().isTerminal()) {
            LOG.infof("model %s is already %s; nothing to do", record.modelId(), record.status().wireName());
            return record;
        }
        TrainingMethod method = SelfSupervisedRestorer.trainingMethod(resolved.method());
        int minSide = SelfSupervisedRestorer.smallestSide(method);
        Collection photos = collect(resolved.collection().withBucketIfMissing(store.bucket()), minSide);
        ModelRecord running = record.started(photos.images().size(), photos.skipped(), clock.instant());
        store.writeModel(running);
        if (photos.images().isEmpty()) {
            return fail(running, ErrorCode.UNSUPPORTED_IMAGE, "no image under '" + resolved.collection().prefix()
                    + "' could be used (" + photos.skipped() + " skipped: unreadable, too large, or smaller than "
                    + minSide + " pixels on a side)");
        }
        LOG.infof("model %s: training %s on %d images (%d skipped)", running.modelId(),
                resolved.method().wireName(), photos.images().size(), photos.skipped());
        RecordingProgress progress = new RecordingProgress(running);
        try {
            return save(resolved, photos.images(), method, progress, stop);
        } catch (RestorationCancelledException e) {
            throw new WorkerStoppingException(running.modelId());
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            return fail(progress.current, ErrorCode.UNSUPPORTED_IMAGE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "model %s failed in the engine", running.modelId());
            return fail(progress.current, ErrorCode.ENGINE_FAILURE, "training failed: " + e.getMessage());
        }
    }

    private ModelRecord save(TrainingRequest request, List<Image> images, TrainingMethod method,
            RecordingProgress progress, CancellationSignal stop) {
        RestorationOptions options = request.options();
        int channels = images.stream().mapToInt(Image::channels).max().orElseThrow();
        List<Image> same = images.stream().map(image -> image.withChannels(channels)).toList();
        UNetConfig network = SelfSupervisedRestorer.network(channels, options.channels(), method);
        int smallest = same.stream().mapToInt(image -> Math.min(image.width(), image.height())).min().orElseThrow();
        int patch = SelfSupervisedRestorer.patchSide(smallest, method);
        Duration time = JobRunner.timeLimit(options, config.maxJobTime());
        TrainingSettings settings = new TrainingSettings(patch, SelfSupervisedRestorer.BATCH, options.iterations(),
                time, options.learningRate().floatValue(), options.seed(), options.progressEvery());
        Path temp = null;
        try (TrainedModel model = trainer.train(TrainingData.of(same), method, network, settings, progress, stop)) {
            temp = Files.createTempDirectory("revive-model-");
            Path dir = temp.resolve(request.modelId());
            model.save(dir);
            upload(dir, ModelKeys.of(request.modelId()));
            ModelRecord done = progress.current.succeeded(Math.toIntExact(model.info().steps()), metadata(dir),
                    clock.instant());
            store.writeModel(done);
            LOG.infof("model %s succeeded after %d steps", done.modelId(), model.info().steps());
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(temp);
        }
    }

    /** Up to the configured count of images, decoded within the worker's limits; the rest counted as skipped. */
    private Collection collect(CollectionRef collection, int minSide) {
        List<Image> images = new ArrayList<>();
        int skipped = 0;
        for (String key : store.keys(collection.bucket(), collection.prefix(), config.models().maxImages())) {
            try {
                byte[] bytes = store.read(new ObjectRef(collection.bucket(), key),
                        config.maxImageSize().asLongValue()).orElse(null);
                Image image = bytes == null ? null : ImageCodec.decode(bytes, config.maxPixels()).color();
                if (image == null || Math.min(image.width(), image.height()) < minSide) {
                    skipped++;
                } else {
                    images.add(image);
                }
            } catch (UnsupportedImageException | ImageTooLargeException | ObjectTooLargeException e) {
                LOG.debugf("skipping %s: %s", key, e.getMessage());
                skipped++;
            }
        }
        return new Collection(images, skipped);
    }

    /** Every file of the saved model under its path relative to the model's directory. */
    private void upload(Path dir, ModelKeys keys) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                store.put(keys.file(relative), Files.readAllBytes(file), "application/octet-stream");
            }
        }
    }

    /** The saved model's own description, for the record. */
    private static Map<String, String> metadata(Path dir) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(ModelInfo.FILE_NAME), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> metadata = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> metadata.put(name, properties.getProperty(name)));
        return metadata;
    }

    /** Records a request that can never run, so whoever follows the model learns why. */
    public void reject(TrainingRequest request, String reason) {
        ModelRecord record = store.readModel(request.modelId()).orElseGet(() -> ModelRecord.queued(request));
        if (!record.status().isTerminal()) {
            store.writeModel(record.failed(JobError.of(ErrorCode.INVALID_REQUEST, reason), clock.instant()));
        }
    }

    private ModelRecord fail(ModelRecord current, ErrorCode code, String message) {
        LOG.infof("model %s failed: %s", current.modelId(), message);
        ModelRecord failed = current.failed(JobError.of(code, message), clock.instant());
        store.writeModel(failed);
        return failed;
    }


    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }

    /** Writes the training's progress to the record at most every record interval; the step waits for it. */
    private final class RecordingProgress implements ProgressListener {
        private ModelRecord current;
        private long lastWrite = System.nanoTime();
        private final long start = lastWrite;

        RecordingProgress(ModelRecord running) {
            this.current = running;
        }

        @Override
        public void onProgress(dev.revive.worker.engine.dip.Progress progress) {
            long now = System.nanoTime();
            double elapsed = (now - start) / 1e9;
            Double eta = progress.iteration() == 0 ? null
                    : elapsed / progress.iteration() * (progress.totalIterations() - progress.iteration());
            current = current.progressed(new Progress(progress.iteration(), progress.totalIterations(),
                    progress.loss(), eta, null), clock.instant());
            if (now - lastWrite >= config.recordInterval().toNanos()) {
                store.writeModel(current);
                lastWrite = now;
            }
        }
    }
}
