package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.stop.NoiseLevel;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.Inference;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.PatchSampler;
import dev.revive.worker.engine.selfsup.Patches;
import dev.revive.worker.engine.selfsup.TrainingData;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Trains the restorer of {@link UnpairedGraph} on a pile of degraded photos and an unrelated pile of clean ones:
 * every step draws a batch of random patches from each (flipped and turned, as the self-supervised trainer does)
 * and plays one round of the game (the discriminators' step, then the generators'), within a step and a wall-time budget, with progress, cancellation and
 * checkpoints between steps. Step s draws from (seed, s) alone, so a resumed run is the uninterrupted one.
 */
public final class UnpairedTrainer {

    private static final long SAMPLING_PURPOSE = 3;

    private final SessionOptions sessionOptions;

    public UnpairedTrainer(SessionOptions sessionOptions) {
        this.sessionOptions = sessionOptions;
    }

    /**
     * From fresh weights until {@code settings.maxSteps()} or {@code settings.maxTime()}.
     *
     * @throws IllegalArgumentException when the photos, network and patch size do not fit
     * @throws RestorationCancelledException when {@code cancellation} fires before the last step
     * @throws IllegalStateException when a loss term stops being finite
     */
    public UnpairedModel train(UnpairedData data, UnpairedMethod method, UnpairedShape shape,
            TrainingSettings settings, LossListener progress, CancellationSignal cancellation,
            CheckpointListener checkpoints) {
        check(data, shape, settings);
        UnpairedGraph graph = new UnpairedGraph(shape, method, sessionOptions);
        try {
            graph.reset(settings.seed());
            return run(graph, data, method, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Goes on from a model saved by {@link UnpairedModel#save} (both players, both Adams, the step) up to
     * {@code settings.maxSteps()} steps in all.
     */
    public UnpairedModel resume(Path saved, UnpairedData data, UnpairedMethod method, TrainingSettings settings,
            LossListener progress, CancellationSignal cancellation, CheckpointListener checkpoints) {
        ModelInfo info = ModelInfo.read(saved);
        if (!UnpairedMethod.NAME.equals(info.method())) {
            throw new IllegalArgumentException("the saved model was trained by " + info.method() + ", not "
                    + UnpairedMethod.NAME);
        }
        if (info.steps() >= settings.maxSteps()) {
            throw new IllegalArgumentException("the saved model has taken " + info.steps()
                    + " steps already; ask for more than that");
        }
        UnpairedShape shape = UnpairedShape.of(info.network());
        check(data, shape, settings);
        UnpairedGraph graph = new UnpairedGraph(shape, method, sessionOptions);
        try {
            graph.restore(saved);
            return run(graph, data, method, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static void check(UnpairedData data, UnpairedShape shape, TrainingSettings settings) {
        if (data.channels() != shape.channels()) {
            throw new IllegalArgumentException("the network takes " + shape.channels()
                    + "-channel images, the photos have " + data.channels());
        }
        int patch = settings.patchSize();
        if (patch > data.smallestSide()) {
            throw new IllegalArgumentException("patch size " + patch + " is larger than the smallest image side "
                    + data.smallestSide());
        }
        // the image discriminators halve twice more than the codes
        int divisor = shape.sizeDivisor() * 4;
        if (patch % divisor != 0 || patch < 2 * divisor) {
            throw new IllegalArgumentException("patch size " + patch + " must be a multiple of " + divisor
                    + " and at least " + 2 * divisor);
        }
    }

    private static UnpairedModel run(UnpairedGraph graph, UnpairedData data, UnpairedMethod method,
            TrainingSettings settings, LossListener progress, CancellationSignal cancellation,
            CheckpointListener checkpoints) {
        PatchSampler degraded = new PatchSampler(TrainingData.of(data.degraded()));
        PatchSampler clean = new PatchSampler(TrainingData.of(data.clean()));
        long deadline = settings.maxTime() == null ? Long.MAX_VALUE
                : System.nanoTime() + settings.maxTime().toNanos();
        long samplingKey = RandomStreams.mix(settings.seed(), SAMPLING_PURPOSE);
        int total = settings.maxSteps();
        int done = Math.toIntExact(graph.steps());
        double sigma = noiseSigma(data);
        Losses last = null;
        while (done < total) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(done);
            }
            SplittableRandom random = new SplittableRandom(RandomStreams.mix(samplingKey, done));
            Patches x = degraded.sample(random, settings.batchSize(), settings.patchSize(), 1).get(0);
            Patches y = clean.sample(random, settings.batchSize(), settings.patchSize(), 1).get(0);
            graph.trainDiscriminators(x, y, settings.learningRate());
            last = graph.trainGenerators(x, y, method.weights(), settings.learningRate());
            done++;
            if (!last.finite()) {
                throw new IllegalStateException(UnpairedMethod.NAME + " diverged at step " + done + " ("
                        + last.byName() + "); try a lower learning rate");
            }
            if (done % settings.progressEvery() == 0 || done == total) {
                progress.onLosses(done, last);
                progress.onProgress(new Progress(done, total, last.total()));
            }
            int steps = done;
            double loss = last.total();
            checkpoints.afterStep(done, dir -> UnpairedModel.write(graph, info(graph, steps, settings, sigma, loss),
                    dir));
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        return new UnpairedModel(graph, info(graph, done, settings, sigma, last == null ? Double.NaN : last.total()),
                last);
    }

    private static ModelInfo info(UnpairedGraph graph, int steps, TrainingSettings settings, double sigma,
            double loss) {
        return new ModelInfo(UnpairedMethod.NAME, steps, settings.patchSize(), settings.batchSize(),
                graph.shape().asNetwork(), Inference.SINGLE, sigma, loss, settings.seed());
    }

    /** The median noise estimated on the degraded photos, for the description only. */
    private static double noiseSigma(UnpairedData data) {
        double[] sigmas = data.degraded().stream().mapToDouble(NoiseLevel::sigma).sorted().toArray();
        return sigmas[sigmas.length / 2];
    }
}
