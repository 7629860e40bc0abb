package dev.revive.worker.job;

import dev.revive.model.CollectionRef;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobError;
import dev.revive.model.JobStatus;
import dev.revive.model.Method;
import dev.revive.model.ModelSource;
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
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.ImageTooLargeException;
import dev.revive.worker.engine.imported.UnsupportedModelException;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.SavableModel;
import dev.revive.worker.engine.selfsup.SelfSupervisedTrainer;
import dev.revive.worker.engine.selfsup.ServingSignature;
import dev.revive.worker.engine.selfsup.TrainingData;
import dev.revive.worker.engine.selfsup.TrainingMethod;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import dev.revive.worker.engine.selfsup.UNetConfig;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.oldphoto.AgeingSettings;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
import dev.revive.worker.engine.oldphoto.Aged;
import dev.revive.worker.engine.oldphoto.DetectorTrainer;
import dev.revive.worker.engine.oldphoto.triplet.TripletData;
import dev.revive.worker.engine.oldphoto.triplet.TripletListener;
import dev.revive.worker.engine.oldphoto.triplet.TripletLosses;
import dev.revive.worker.engine.oldphoto.triplet.TripletMethod;
import dev.revive.worker.engine.oldphoto.triplet.TripletShape;
import dev.revive.worker.engine.oldphoto.triplet.TripletTrainer;
import dev.revive.worker.engine.unpaired.LossListener;
import dev.revive.worker.engine.unpaired.Losses;
import dev.revive.worker.engine.unpaired.SavedFeatureNetwork;
import dev.revive.worker.engine.unpaired.UnpairedData;
import dev.revive.worker.engine.unpaired.UnpairedMethod;
import dev.revive.worker.engine.unpaired.UnpairedShape;
import dev.revive.worker.engine.unpaired.UnpairedTrainer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Trains one denoiser on every image under a prefix (or every pair of shots under two prefixes, or degraded photos
 * under one prefix and clean photos of other scenes under another, for the unpaired method), or the old-photo task's
 * defect detector on the clean photos under a prefix, and keeps it under
 * {@link ModelKeys}. The files are uploaded before the record says succeeded, so whoever sees a succeeded model can
 * load it; a finished model is never retrained on redelivery, and an unfinished one goes on from its last checkpoint
 * ({@link TrainingCheckpoints}).
 */
@ApplicationScoped
public class ModelTrainer {
    private static final Logger LOG = Logger.getLogger(ModelTrainer.class);
    /** Time a resumed run gets when its budget is spent: one step, so it ends with the checkpoint's model. */
    private static final Duration MIN_TIME_LEFT = Duration.ofMillis(1);

    private final ObjectStore store;
    private final WorkerConfig config;
    private final SelfSupervisedTrainer trainer;
    private final UnpairedTrainer unpairedTrainer;
    private final TripletTrainer tripletTrainer;
    private final DetectorTrainer detectorTrainer;
    private final TrainingCheckpoints checkpoints;
    private final TrainedModels models;
    private final Clock clock = Clock.systemUTC();

    public ModelTrainer(ObjectStore store, WorkerConfig config, TrainingCheckpoints checkpoints,
            TrainedModels models) {
        this.store = store;
        this.config = config;
        this.checkpoints = checkpoints;
        this.models = models;
        this.trainer = new SelfSupervisedTrainer(DipRestorer.sessionOptions(config.cpuPrecision()));
        this.unpairedTrainer = new UnpairedTrainer(DipRestorer.sessionOptions(config.cpuPrecision()));
        this.tripletTrainer = new TripletTrainer(DipRestorer.sessionOptions(config.cpuPrecision()));
        // the shipped detector's ageing: local defects dense enough that a small patch teaches something
        this.detectorTrainer = new DetectorTrainer(DipRestorer.sessionOptions(config.cpuPrecision()),
                new AgeingSynthesiser(AgeingSettings.training()));
    }

    /**
     * The scenes a training reads (one photo each, or the two shots of a pair), the clean photos of the unpaired
     * method (none for the others), and how many objects under the prefixes were left out.
     */
    record Collection(List<List<Image>> scenes, List<Image> clean, int skipped) {
        Collection(List<List<Image>> scenes, int skipped) {
            this(scenes, List.of(), skipped);
        }

        int images() {
            return scenes.stream().mapToInt(List::size).sum() + clean.size();
        }
    }

    /**
     * Runs a valid request to a final record. A request redelivered while its record is running goes on from the
     * training's last checkpoint, when there is a usable one.
     *
     * @throws WorkerStoppingException when {@code stop} interrupted it; it is handed back, not finished
     * @throws StorageUnavailableException when the store is away; the consumer hands the request on
     */
    public ModelRecord train(TrainingRequest request, CancellationSignal stop) {
        TrainingRequest resolved = request.resolved();
        ModelRecord record = store.readModel(resolved.modelId()).orElseGet(() -> ModelRecord.queued(resolved));
        if (record.status().isTerminal()) {
            LOG.infof("model %s is already %s; nothing to do", record.modelId(), record.status().wireName());
            checkpoints.remove(record.modelId());
            return record;
        }
        boolean unpaired = resolved.method().needsCleanPhotos();
        int minSide = resolved.method() == Method.OLD_PHOTO_TRIPLET ? TRIPLET_MIN_SIDE : unpaired ? UNPAIRED_MIN_SIDE
                : resolved.method().isDetector() ? DETECTOR_MIN_SIDE
                : SelfSupervisedRestorer.smallestSide(SelfSupervisedRestorer.trainingMethod(resolved.method()));
        CollectionRef collection = resolved.collection().withBucketIfMissing(store.bucket());
        Collection photos = unpaired ? collectUnpaired(collection, minSide)
                : collection.pairedPrefix() == null ? collect(collection, minSide) : collectPairs(collection, minSide);
        ModelRecord running = record.started(photos.images(), photos.skipped(), clock.instant());
        store.writeModel(running);
        if (photos.scenes().isEmpty() || (unpaired && photos.clean().isEmpty())) {
            String where = unpaired && !photos.scenes().isEmpty() ? collection.cleanPrefix()
                    : resolved.collection().prefix();
            return fail(running, ErrorCode.UNSUPPORTED_IMAGE, "no image under '" + where
                    + "' could be used (" + photos.skipped() + " skipped: unreadable, too large, smaller than "
                    + minSide + " pixels on a side" + (collection.pairedPrefix() == null ? ""
                    : ", or without a second shot of the same size under '" + collection.pairedPrefix() + "'")
                    + ")");
        }
        LOG.infof("model %s: training %s on %d images (%d skipped)", running.modelId(),
                resolved.method().wireName(), photos.images(), photos.skipped());
        Path temp = null;
        RecordingProgress progress = new RecordingProgress(running);
        try {
            temp = Files.createTempDirectory("revive-model-");
            Optional<TrainingCheckpoints.Restored> from = checkpoints.download(running.modelId(),
                    temp.resolve("checkpoint"));
            if (from.isPresent()) {
                progress.resumedFrom(from.get().step());
                LOG.infof("model %s: going on from the checkpoint of step %d (attempt %d)", running.modelId(),
                        from.get().step(), running.attempts());
            }
            return save(resolved, photos, from, progress, stop, temp);
        } catch (RestorationCancelledException e) {
            throw new WorkerStoppingException(running.modelId());
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (UnsupportedModelException e) {
            return fail(progress.current, ErrorCode.UNSUPPORTED_MODEL, "feature model " + resolved.featureModel()
                    + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(progress.current, ErrorCode.UNSUPPORTED_IMAGE, e.getMessage());
        } catch (IOException e) {
            LOG.errorf(e, "model %s: the worker's disk failed", running.modelId());
            return fail(progress.current, ErrorCode.ENGINE_FAILURE, "training failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "model %s failed in the engine", running.modelId());
            return fail(progress.current, ErrorCode.ENGINE_FAILURE, "training failed: " + e.getMessage());
        } finally {
            TempDirectories.delete(temp);
        }
    }

    private ModelRecord save(TrainingRequest request, Collection photos, Optional<TrainingCheckpoints.Restored> from,
            RecordingProgress progress, CancellationSignal stop, Path temp) throws IOException {
        RestorationOptions options = request.options();
        int channels = Stream.concat(photos.scenes().stream().flatMap(List::stream),
                photos.clean().stream()).mapToInt(Image::channels).max().orElseThrow();
        UnpairedMethod unpairedMethod = UnpairedMethod.paper();
        try (SavedFeatureNetwork features = request.featureModel() == null ? null
                : featureNetwork(request, channels)) {
            if (features != null) {
                unpairedMethod = unpairedMethod.withFeatureNetwork(features);
            }
            Training training = request.method() == Method.OLD_PHOTO_TRIPLET
                    ? triplet(photos, channels, options, progress, stop)
                    : request.method().needsCleanPhotos()
                    ? unpaired(photos, channels, options, unpairedMethod, progress, stop)
                    : request.method().isDetector() ? detector(photos, channels, options, progress, stop)
                    : selfSupervised(request.method(), photos, channels, options, progress, stop);
            return trainAndSave(request, training, from, progress, temp);
        }
    }

    private ModelRecord trainAndSave(TrainingRequest request, Training training,
            Optional<TrainingCheckpoints.Restored> from, RecordingProgress progress, Path temp) throws IOException {
        RestorationOptions options = request.options();
        Duration time = JobRunner.timeLimit(options, config.maxJobTime());
        TrainingSettings settings = new TrainingSettings(training.patch(), SelfSupervisedRestorer.BATCH,
                options.iterations(), time, options.learningRate().floatValue(), options.seed(),
                options.progressEvery());
        try (SavableModel model = from.isPresent() ? resume(request, training, settings, from.get(), progress)
                : training.fresh().train(settings, checkpoints.saver(request.modelId(), settings.maxSteps(),
                        Duration.ZERO))) {
            Path dir = temp.resolve(request.modelId());
            model.save(dir);
            upload(dir, ModelKeys.of(request.modelId()));
            Map<String, String> metadata = metadata(dir);
            if (request.featureModel() != null) {
                metadata.put("featureModel", request.featureModel());
            }
            ModelRecord done = progress.current.succeeded(Math.toIntExact(model.info().steps()), metadata,
                    clock.instant());
            store.writeModel(done);
            checkpoints.remove(done.modelId());
            LOG.infof("model %s succeeded after %d steps", done.modelId(), model.info().steps());
            return done;
        }
    }

    /** The smallest side of a photo the unpaired method takes: two patch steps of its default network. */
    static final int UNPAIRED_MIN_SIDE = 2 * unpairedPatchStep();

    /** Patch sides of the unpaired method are multiples of this: the image discriminators halve twice more. */
    private static int unpairedPatchStep() {
        return UnpairedShape.defaults(1).sizeDivisor() * 4;
    }

    /** The smallest side of a photo the triplet method takes: two patch steps of its default network. */
    static final int TRIPLET_MIN_SIDE = 2 * TripletTrainer.patchStep(TripletShape.defaults(1));

    /** The smallest side of a photo the detector takes: the smallest patch its U-Net accepts (twice its divisor). */
    static final int DETECTOR_MIN_SIDE = 2 * DetectorTrainer.network(1, DetectorTrainer.WIDTH).sizeDivisor();

    /**
     * The widest network the unpaired, triplet and detector trainings build, whatever {@code options.channels} asks
     * (up to 512): CPU memory.
     */
    private static final int MAX_WIDTH = 128;

    /** Synthetic old photos of one training are the clean ones aged by this seed's streams, one per photo. */
    private static final long AGEING_PURPOSE = 21;

    /** One method's training on the collection, fresh or from a checkpoint, with the patch side it takes. */
    private record Training(int patch, Fresh fresh, Resumed resumed) {
        interface Fresh {
            SavableModel train(TrainingSettings settings, CheckpointListener checkpoints);
        }

        interface Resumed {
            SavableModel train(Path saved, TrainingSettings settings, CheckpointListener checkpoints);
        }
    }

    private Training selfSupervised(Method wire, Collection photos, int channels, RestorationOptions options,
            RecordingProgress progress, CancellationSignal stop) {
        TrainingMethod method = SelfSupervisedRestorer.trainingMethod(wire);
        TrainingData data = new TrainingData(photos.scenes().stream()
                .map(scene -> scene.stream().map(image -> image.withChannels(channels)).toList()).toList());
        UNetConfig network = SelfSupervisedRestorer.network(channels, options.channels(), method);
        int patch = SelfSupervisedRestorer.patchSide(data.smallestSide(), method);
        return new Training(patch,
                (settings, saver) -> trainer.train(data, method, network, settings, progress, stop, saver),
                (saved, settings, saver) -> trainer.resume(saved, data, method, settings, progress, stop, saver));
    }

    /**
     * The imported model a training names for the semantic term, loaded beside the training graph: it must be the
     * caller's (or open to all), imported, succeeded, and take the photos' channels. Either kind will do: a
     * features import is what the term is for, and a denoiser's output is a feature map of the photo's size.
     *
     * @throws UnsupportedModelException saying which of those it is not
     */
    private SavedFeatureNetwork featureNetwork(TrainingRequest request, int channels) {
        String id = request.featureModel();
        ModelRecord model = store.readModel(id)
                .filter(found -> found.owner() == null || found.owner().equals(request.owner()))
                .orElseThrow(() -> new UnsupportedModelException("there is no model '" + id + "'"));
        if (model.sourceOrTrained() != ModelSource.IMPORTED) {
            throw new UnsupportedModelException("it was trained here, not imported; register a feature extractor"
                    + " with POST /v1/models/imports");
        }
        if (model.status() != JobStatus.SUCCEEDED) {
            throw new UnsupportedModelException("its import is " + model.status().wireName()
                    + "; only a succeeded import can be used");
        }
        ServingSignature serving;
        try {
            serving = ServingSignature.fromMetadata(model.metadata());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(e.getMessage(), e);
        }
        if (serving.channels() != channels) {
            throw new UnsupportedModelException("it takes " + serving.channels() + "-channel images, the photos have "
                    + channels);
        }
        return SavedFeatureNetwork.load(models.files(id), serving.signature(), serving.input(), serving.output(),
                serving.channels(), serving.valueRange().max(), DipRestorer.sessionOptions(config.cpuPrecision()));
    }

    /** The unpaired method: the degraded photos under the prefix against the clean ones under the clean prefix. */
    private Training unpaired(Collection photos, int channels, RestorationOptions options, UnpairedMethod method,
            RecordingProgress progress, CancellationSignal stop) {
        UnpairedData data = new UnpairedData(
                photos.scenes().stream().map(scene -> scene.get(0).withChannels(channels)).toList(),
                photos.clean().stream().map(image -> image.withChannels(channels)).toList());
        UnpairedShape defaults = UnpairedShape.defaults(channels);
        UnpairedShape shape = new UnpairedShape(defaults.depth(),
                options.channels() == null ? defaults.width() : Math.min(options.channels(), MAX_WIDTH), channels);
        int step = unpairedPatchStep();
        int patch = Math.min(SelfSupervisedRestorer.PATCH_SIDE, data.smallestSide()) / step * step;
        return new Training(patch,
                (settings, saver) -> unpairedTrainer.train(data, method, shape, settings, progress, stop, saver),
                (saved, settings, saver) -> unpairedTrainer.resume(saved, data, method, settings, progress, stop,
                        saver));
    }

    /**
     * Triplet domain translation: the real old photos under the prefix; the clean ones under the clean prefix, each
     * aged by the synthesiser (deterministically by the training seed and its place) into a synthetic pair.
     */
    private Training triplet(Collection photos, int channels, RestorationOptions options, RecordingProgress progress,
            CancellationSignal stop) {
        AgeingSynthesiser synthesiser = new AgeingSynthesiser();
        long ageingKey = RandomStreams.mix(options.seed(), AGEING_PURPOSE);
        List<TripletData.SyntheticPair> pairs = new ArrayList<>();
        for (int i = 0; i < photos.clean().size(); i++) {
            Image clean = photos.clean().get(i).withChannels(channels);
            Aged aged = synthesiser.age(clean, RandomStreams.mix(ageingKey, i));
            pairs.add(new TripletData.SyntheticPair(aged.old().withChannels(channels), clean, aged.defectMask()));
        }
        TripletData data = new TripletData(
                photos.scenes().stream().map(scene -> scene.get(0).withChannels(channels)).toList(), pairs);
        TripletShape defaults = TripletShape.defaults(channels);
        TripletShape shape = new TripletShape(defaults.depth(),
                options.channels() == null ? defaults.width() : Math.min(options.channels(), MAX_WIDTH), channels);
        int step = TripletTrainer.patchStep(shape);
        int patch = Math.min(SelfSupervisedRestorer.PATCH_SIDE, data.smallestSide()) / step * step;
        return new Training(patch,
                (settings, saver) -> tripletTrainer.train(data, TripletMethod.paper(), shape, settings, progress,
                        stop, saver),
                (saved, settings, saver) -> tripletTrainer.resume(saved, data, TripletMethod.paper(), settings,
                        progress, stop, saver));
    }

    /**
     * The defect detector: every step ages random patches of the clean photos under the prefix by seeds drawn from
     * (training seed, step) and learns the synthesiser's defect masks, so it needs no labels and resumes bit for bit.
     */
    private Training detector(Collection photos, int channels, RestorationOptions options, RecordingProgress progress,
            CancellationSignal stop) {
        List<Image> clean = photos.scenes().stream().map(scene -> scene.get(0).withChannels(channels)).toList();
        UNetConfig network = DetectorTrainer.network(channels,
                options.channels() == null ? DetectorTrainer.WIDTH : Math.min(options.channels(), MAX_WIDTH));
        int smallest = clean.stream().mapToInt(image -> Math.min(image.width(), image.height())).min().orElseThrow();
        int step = network.sizeDivisor();
        int patch = Math.min(SelfSupervisedRestorer.PATCH_SIDE, smallest) / step * step;
        return new Training(patch,
                (settings, saver) -> detectorTrainer.train(clean, network, settings, progress, stop, saver),
                (saved, settings, saver) -> detectorTrainer.resume(saved, clean, settings, progress, stop, saver));
    }

    /**
     * Goes on from a checkpoint, with what is left of the time budget: the budget counts the training time of every
     * attempt up to the checkpoint (what a stopped worker did after its last checkpoint is lost, and not counted).
     * A checkpoint the engine cannot take (another network, a changed collection) is logged and training starts over.
     */
    private SavableModel resume(TrainingRequest request, Training training, TrainingSettings settings,
            TrainingCheckpoints.Restored from, RecordingProgress progress) {
        Duration left = settings.maxTime().minus(from.trained());
        TrainingCheckpoints.Saver saver = checkpoints.saver(request.modelId(), settings.maxSteps(), from.trained());
        try {
            return training.resumed().train(from.dir(),
                    settings.withMaxTime(left.compareTo(MIN_TIME_LEFT) < 0 ? MIN_TIME_LEFT : left), saver);
        } catch (RestorationCancelledException | StorageUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (saver.stepped()) {
                throw e;
            }
            LOG.warnf("model %s: the checkpoint of step %d cannot be resumed (%s); training starts over from step 0",
                    request.modelId(), from.step(), e.getMessage());
            progress.resumedFrom(null);
            return training.fresh().train(settings, checkpoints.saver(request.modelId(), settings.maxSteps(),
                    Duration.ZERO));
        }
    }

    /** Up to the configured count of images, decoded within the worker's limits; the rest counted as skipped. */
    private Collection collect(CollectionRef collection, int minSide) {
        List<List<Image>> scenes = new ArrayList<>();
        int skipped = 0;
        for (String key : store.keys(collection.bucket(), collection.prefix(), config.models().maxImages())) {
            Image image = usable(collection.bucket(), key, minSide);
            if (image == null) {
                skipped++;
            } else {
                scenes.add(List.of(image));
            }
        }
        return new Collection(scenes, skipped);
    }

    /** The degraded photos under the prefix and the clean ones under the clean prefix, each up to the configured count. */
    private Collection collectUnpaired(CollectionRef collection, int minSide) {
        Collection degraded = collect(collection, minSide);
        Collection clean = collect(new CollectionRef(collection.bucket(), collection.cleanPrefix()), minSide);
        return new Collection(degraded.scenes(), clean.scenes().stream().map(scene -> scene.get(0)).toList(),
                degraded.skipped() + clean.skipped());
    }

    /**
     * Each image under the prefix with its second shot under the paired prefix (same relative key, same size), up to
     * the configured count of pairs. Shots without a usable partner are counted as skipped, on either side.
     */
    private Collection collectPairs(CollectionRef collection, int minSide) {
        List<List<Image>> scenes = new ArrayList<>();
        int skipped = 0;
        int limit = config.models().maxImages();
        Set<String> firsts = new HashSet<>();
        for (String key : store.keys(collection.bucket(), collection.prefix(), limit)) {
            firsts.add(key.substring(collection.prefix().length()));
            String pairKey = collection.pairOf(key);
            Image first = usable(collection.bucket(), key, minSide);
            Image second = usable(collection.bucket(), pairKey, minSide);
            if (first != null && second != null && first.width() == second.width()
                    && first.height() == second.height()) {
                scenes.add(List.of(first, second));
            } else {
                LOG.debugf("skipping the pair %s, %s: unusable, missing or of two sizes", key, pairKey);
                skipped += 1 + (second != null || store.size(new ObjectRef(collection.bucket(), pairKey)).isPresent() ? 1 : 0);
            }
        }
        for (String key : store.keys(collection.bucket(), collection.pairedPrefix(), limit)) {
            if (!firsts.contains(key.substring(collection.pairedPrefix().length()))) {
                skipped++;
            }
        }
        return new Collection(scenes, skipped);
    }

    /** The image at {@code key}, decoded within the worker's limits; null when absent, unreadable or too small. */
    private Image usable(String bucket, String key, int minSide) {
        try {
            byte[] bytes = store.read(new ObjectRef(bucket, key), config.maxImageSize().asLongValue()).orElse(null);
            Image image = bytes == null ? null : ImageCodec.decode(bytes, config.maxPixels()).color();
            return image == null || Math.min(image.width(), image.height()) < minSide ? null : image;
        } catch (UnsupportedImageException | ImageTooLargeException | ObjectTooLargeException e) {
            LOG.debugf("skipping %s: %s", key, e.getMessage());
            return null;
        }
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
        checkpoints.remove(failed.modelId());
        return failed;
    }

    /** Writes the training's progress to the record at most every record interval; the step waits for it. */
    private final class RecordingProgress implements LossListener, TripletListener {
        private ModelRecord current;
        private Map<String, Double> losses;
        private long lastWrite = System.nanoTime();
        private long start = lastWrite;
        private int firstStep;

        RecordingProgress(ModelRecord running) {
            this.current = running;
        }

        /** This attempt goes on from the checkpoint of {@code step} (null: from 0 after all); the record says so. */
        void resumedFrom(Integer step) {
            current = current.resumedFrom(step, clock.instant());
            store.writeModel(current);
            firstStep = step == null ? 0 : step;
            start = System.nanoTime();
        }

        /** The unpaired method's terms, told just before the progress report they go with. */
        @Override
        public void onLosses(int step, Losses terms) {
            losses = terms.byName();
        }

        /** The triplet method's terms of the step's stage, likewise. */
        @Override
        public void onLosses(int step, TripletLosses terms) {
            losses = terms.terms();
        }

        @Override
        public void onProgress(dev.revive.worker.engine.dip.Progress progress) {
            long now = System.nanoTime();
            double elapsed = (now - start) / 1e9;
            int done = progress.iteration() - firstStep;
            Double eta = done <= 0 ? null
                    : elapsed / done * (progress.totalIterations() - progress.iteration());
            Double validation = Double.isFinite(progress.validationLoss()) ? progress.validationLoss() : null;
            current = current.progressed(new Progress(progress.iteration(), progress.totalIterations(),
                    progress.loss(), eta, null, validation, losses), clock.instant());
            if (now - lastWrite >= config.recordInterval().toNanos()) {
                store.writeModel(current);
                lastWrite = now;
            }
        }
    }
}
