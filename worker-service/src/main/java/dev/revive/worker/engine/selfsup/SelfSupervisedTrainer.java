package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.stop.NoiseLevel;
import dev.revive.worker.engine.nn.RandomStreams;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link UNet} denoiser (or, for HQ-SSL, a {@link BlindSpotNetwork}) on a user's own
 * noisy photos by one {@link TrainingMethod}: random patches in minibatches, Adam, within a step
 * and a wall-time budget, with progress reports and cancellation between steps.
 */
public final class SelfSupervisedTrainer {

    private static final long SAMPLING_PURPOSE = 3;
    /** Draws the fixed patches of the validation estimate, apart from every step's draws. */
    private static final long VALIDATION_PURPOSE = 4;

    private final SessionOptions sessionOptions;

    public SelfSupervisedTrainer() {
        this(SessionOptions.defaults());
    }

    public SelfSupervisedTrainer(SessionOptions sessionOptions) {
        this.sessionOptions = sessionOptions;
    }

    /**
     * Trains from fresh weights until {@code settings.maxSteps()} or {@code settings.maxTime()}.
     *
     * @throws IllegalArgumentException when the data, network, method and patch size do not fit
     * @throws RestorationCancelledException when {@code cancellation} fires before the last step
     */
    public TrainedModel train(TrainingData data, TrainingMethod method, UNetConfig network,
            TrainingSettings settings, ProgressListener progress, CancellationSignal cancellation) {
        return train(data, method, network, settings, progress, cancellation, CheckpointListener.NONE);
    }

    /** As {@link #train(TrainingData, TrainingMethod, UNetConfig, TrainingSettings, ProgressListener,
     * CancellationSignal)}, offering {@code checkpoints} the state after every step. */
    public TrainedModel train(TrainingData data, TrainingMethod method, UNetConfig network,
            TrainingSettings settings, ProgressListener progress, CancellationSignal cancellation,
            CheckpointListener checkpoints) {
        check(data, method, network, settings);
        DenoiserGraph graph = new DenoiserGraph(network, method.architecture(), sessionOptions);
        try {
            graph.reset(settings.seed());
            return run(graph, data, method, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Continues a model saved by {@link TrainedModel#save} (its weights, Adam's state and step
     * count) up to {@code settings.maxSteps()} steps in all. With the saved run's seed and
     * settings, the result is the model that run would have reached without stopping.
     */
    public TrainedModel resume(Path saved, TrainingData data, TrainingMethod method,
            TrainingSettings settings, ProgressListener progress, CancellationSignal cancellation) {
        return resume(saved, data, method, settings, progress, cancellation, CheckpointListener.NONE);
    }

    /** As {@link #resume(Path, TrainingData, TrainingMethod, TrainingSettings, ProgressListener,
     * CancellationSignal)}, offering {@code checkpoints} the state after every step. */
    public TrainedModel resume(Path saved, TrainingData data, TrainingMethod method,
            TrainingSettings settings, ProgressListener progress, CancellationSignal cancellation,
            CheckpointListener checkpoints) {
        ModelInfo info = ModelInfo.read(saved);
        if (!info.method().equals(method.name())) {
            throw new IllegalArgumentException("the saved model was trained by " + info.method()
                    + ", not " + method.name());
        }
        if (info.steps() >= settings.maxSteps()) {
            throw new IllegalArgumentException("the saved model has taken " + info.steps()
                    + " steps already; ask for more than that");
        }
        check(data, method, info.network(), settings);
        DenoiserGraph graph = new DenoiserGraph(info.network(), method.architecture(), sessionOptions);
        try {
            graph.restore(saved);
            return run(graph, data, method, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static void check(TrainingData data, TrainingMethod method, UNetConfig network,
            TrainingSettings settings) {
        if (data.fewestObservations() < method.observations()) {
            throw new IllegalArgumentException(method.name() + " needs " + method.observations()
                    + " aligned noisy shots of every scene, some have " + data.fewestObservations());
        }
        if (data.channels() != network.channels()) {
            throw new IllegalArgumentException("the network takes " + network.channels()
                    + "-channel images, the photos have " + data.channels());
        }
        if (network.residual() && !method.residualAllowed()) {
            throw new IllegalArgumentException(method.name() + " needs a network with direct output,"
                    + " not a residual one");
        }
        int patch = settings.patchSize();
        if (patch > data.smallestSide()) {
            throw new IllegalArgumentException("patch size " + patch + " is larger than the smallest"
                    + " image side " + data.smallestSide());
        }
        int seen = patch / method.patchMultiple();
        if (patch % method.patchMultiple() != 0 || network.acceptedSize(seen) != seen) {
            throw new IllegalArgumentException("patch size " + patch + " must be a multiple of "
                    + network.sizeDivisor() * method.patchMultiple() + " and at least "
                    + 2 * network.sizeDivisor() * method.patchMultiple() + " for " + method.name()
                    + " with " + network.depth() + " poolings");
        }
    }

    private static TrainedModel run(DenoiserGraph graph, TrainingData data, TrainingMethod method,
            TrainingSettings settings, ProgressListener progress, CancellationSignal cancellation,
            CheckpointListener checkpoints) {
        PatchSampler sampler = new PatchSampler(data);
        long deadline = settings.maxTime() == null ? Long.MAX_VALUE
                : System.nanoTime() + settings.maxTime().toNanos();
        int total = settings.maxSteps();
        long samplingKey = RandomStreams.mix(settings.seed(), SAMPLING_PURPOSE);
        int done = Math.toIntExact(graph.steps());
        double loss = Double.NaN;
        double sigma = noiseSigma(data);
        graph.setNoiseSigma(method.noiseSigma(sigma));
        long validationKey = RandomStreams.mix(settings.seed(), VALIDATION_PURPOSE);
        List<Patches> validation = sampler.sample(new SplittableRandom(validationKey), settings.batchSize(),
                settings.patchSize(), method.observations());
        while (done < total) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(done);
            }
            SplittableRandom random = new SplittableRandom(RandomStreams.mix(samplingKey, done));
            List<Patches> patches = sampler.sample(random, settings.batchSize(), settings.patchSize(),
                    method.observations());
            TrainingBatch batch = method.batch(patches, random, graph::apply);
            loss = graph.train(batch, settings.learningRate(), method.dropout(), random.nextLong());
            done++;
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(method.name() + " diverged at step " + done
                        + " (loss " + loss + "); try a lower learning rate");
            }
            if (done % settings.progressEvery() == 0 || done == total) {
                progress.onProgress(new Progress(done, total, loss,
                        validationLoss(graph, method, validation, validationKey)));
            }
            int steps = done;
            double last = loss;
            checkpoints.afterStep(done,
                    dir -> TrainedModel.write(graph, info(method, steps, settings, graph, sigma, last), dir));
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        return new TrainedModel(graph, info(method, done, settings, graph, sigma, loss));
    }

    /**
     * The method's own loss on patches drawn once per run, with the same masks every time: a curve that
     * shows whether training still improves, where each step's loss moves with its random batch. The
     * patches are not held out of training (a collection may be one photo), so it cannot show over-fitting;
     * there is no clean target to score against.
     */
    private static double validationLoss(DenoiserGraph graph, TrainingMethod method, List<Patches> patches,
            long key) {
        SplittableRandom random = new SplittableRandom(key);
        TrainingBatch batch = method.batch(patches, random, graph::apply);
        return graph.loss(batch, method.dropout(), random.nextLong());
    }

    private static ModelInfo info(TrainingMethod method, int steps, TrainingSettings settings,
            DenoiserGraph graph, double sigma, double loss) {
        return new ModelInfo(method.name(), steps, settings.patchSize(), settings.batchSize(),
                graph.config(), method.inference(), sigma, loss, settings.seed());
    }

    /** The median over scenes of the first shot's estimated noise. */
    private static double noiseSigma(TrainingData data) {
        double[] sigmas = data.scenes().stream().mapToDouble(scene -> NoiseLevel.sigma(scene.get(0)))
                .sorted().toArray();
        return sigmas[sigmas.length / 2];
    }
}
