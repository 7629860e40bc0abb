package dev.revive.worker.engine.oldphoto;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.Inference;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import dev.revive.worker.engine.selfsup.UNetConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link DefectDetector} on clean photos alone: every step crops random patches, ages
 * each with the {@link AgeingSynthesiser} by a seed of its own, and teaches the network the
 * synthesiser's defect mask. Patches, ageing and weights come from (seed, step) alone, so a run is
 * reproducible and a resumed run continues where the saved one stopped.
 */
public final class DetectorTrainer {

    /** The method's name in model metadata and on the wire. */
    public static final String METHOD = "defect-detector";

    /**
     * How much more a missed defect pixel costs than a false alarm: defects cover a few percent of
     * a photo, and this weight brings recall up without flooding the mask.
     */
    public static final float POSITIVE_WEIGHT = 4f;

    private static final long SAMPLING_PURPOSE = 3;
    private static final long VALIDATION_PURPOSE = 4;

    private final SessionOptions sessionOptions;
    private final AgeingSynthesiser synthesiser;

    public DetectorTrainer(SessionOptions sessionOptions, AgeingSynthesiser synthesiser) {
        this.sessionOptions = sessionOptions;
        this.synthesiser = synthesiser;
    }

    /** The width of the shipped detector, and of a trained one unless its request says otherwise. */
    public static final int WIDTH = 16;

    /** The network a detector trains: a plain (not residual) U-Net of {@code width} channels. */
    public static UNetConfig network(int channels, int width) {
        return new UNetConfig(2, width, channels, false);
    }

    /** Trains from fresh weights until {@code settings.maxSteps()} or {@code settings.maxTime()}. */
    public DetectorModel train(List<Image> clean, UNetConfig network, TrainingSettings settings,
            ProgressListener progress, CancellationSignal cancellation, CheckpointListener checkpoints) {
        check(clean, network, settings);
        DetectorGraph graph = new DetectorGraph(network, sessionOptions);
        try {
            graph.reset(settings.seed());
            return run(graph, clean, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** Continues a detector saved by {@link DetectorModel#save} up to {@code settings.maxSteps()} in all. */
    public DetectorModel resume(Path saved, List<Image> clean, TrainingSettings settings,
            ProgressListener progress, CancellationSignal cancellation, CheckpointListener checkpoints) {
        ModelInfo info = ModelInfo.read(saved);
        if (!METHOD.equals(info.method())) {
            throw new IllegalArgumentException("the saved model was trained by " + info.method()
                    + ", not " + METHOD);
        }
        if (info.steps() >= settings.maxSteps()) {
            throw new IllegalArgumentException("the saved model has taken " + info.steps()
                    + " steps already; ask for more than that");
        }
        check(clean, info.network(), settings);
        DetectorGraph graph = new DetectorGraph(info.network(), sessionOptions);
        try {
            graph.restore(saved);
            return run(graph, clean, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static void check(List<Image> clean, UNetConfig network, TrainingSettings settings) {
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("a detector needs at least one clean photo");
        }
        int smallest = clean.stream().mapToInt(i -> Math.min(i.width(), i.height())).min().orElseThrow();
        int patch = settings.patchSize();
        if (patch > smallest) {
            throw new IllegalArgumentException("patch size " + patch + " is larger than the smallest"
                    + " image side " + smallest);
        }
        if (network.acceptedSize(patch) != patch) {
            throw new IllegalArgumentException("patch size " + patch + " must be a multiple of "
                    + network.sizeDivisor() + " and at least " + 2 * network.sizeDivisor());
        }
    }

    private DetectorModel run(DetectorGraph graph, List<Image> clean, TrainingSettings settings,
            ProgressListener progress, CancellationSignal cancellation, CheckpointListener checkpoints) {
        int channels = graph.config().channels();
        List<Image> photos = clean.stream().map(i -> i.withChannels(channels)).toList();
        long deadline = settings.maxTime() == null ? Long.MAX_VALUE
                : System.nanoTime() + settings.maxTime().toNanos();
        int total = settings.maxSteps();
        long samplingKey = RandomStreams.mix(settings.seed(), SAMPLING_PURPOSE);
        DetectorGraph.Batch validation = batch(photos, settings,
                new SplittableRandom(RandomStreams.mix(settings.seed(), VALIDATION_PURPOSE)));
        int done = Math.toIntExact(graph.steps());
        double loss = Double.NaN;
        while (done < total) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(done);
            }
            SplittableRandom random = new SplittableRandom(RandomStreams.mix(samplingKey, done));
            loss = graph.train(batch(photos, settings, random), POSITIVE_WEIGHT, settings.learningRate());
            done++;
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("the detector diverged at step " + done + " (loss " + loss
                        + "); try a lower learning rate");
            }
            if (done % settings.progressEvery() == 0 || done == total) {
                progress.onProgress(new Progress(done, total, loss, graph.loss(validation, POSITIVE_WEIGHT)));
            }
            int steps = done;
            double last = loss;
            checkpoints.afterStep(done, dir -> DetectorModel.write(graph, info(steps, settings, graph, last), dir));
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        return new DetectorModel(graph, info(done, settings, graph, loss));
    }

    /** Random patches of random photos, each aged by a seed of its own. */
    DetectorGraph.Batch batch(List<Image> photos, TrainingSettings settings, SplittableRandom random) {
        int count = settings.batchSize();
        int side = settings.patchSize();
        int channels = photos.get(0).channels();
        float[] inputs = new float[count * side * side * channels];
        float[] masks = new float[count * side * side];
        for (int b = 0; b < count; b++) {
            Image photo = photos.get(random.nextInt(photos.size()));
            Image patch = photo.crop(random.nextInt(photo.width() - side + 1),
                    random.nextInt(photo.height() - side + 1), side, side);
            Aged aged = synthesiser.age(patch, random.nextLong());
            System.arraycopy(aged.old().pixels(), 0, inputs, b * side * side * channels,
                    side * side * channels);
            System.arraycopy(aged.defectMask().pixels(), 0, masks, b * side * side, side * side);
        }
        return new DetectorGraph.Batch(count, side, inputs, masks);
    }

    private static ModelInfo info(int steps, TrainingSettings settings, DetectorGraph graph, double loss) {
        return new ModelInfo(METHOD, steps, settings.patchSize(), settings.batchSize(), graph.config(),
                Inference.SINGLE, 0, loss, settings.seed());
    }
}
