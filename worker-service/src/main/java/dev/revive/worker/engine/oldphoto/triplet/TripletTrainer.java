package dev.revive.worker.engine.oldphoto.triplet;

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
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains {@link TripletGraph} in the paper's two stages: first the two VAEs (with the latent discriminator), then,
 * the VAEs fixed, the mapping (with the image discriminator). Every step draws random patches of the real old
 * photos and of the synthetic pairs (old, clean and mask cut at one place, flipped and turned alike). Stage 1 ends
 * at its share of the steps or of the time, whichever comes first; the step it ended at is saved with the model,
 * so a resumed run goes on in the right stage. Step s draws from (seed, s) alone, so a resumed run is the
 * uninterrupted one.
 */
public final class TripletTrainer {

    private static final long SAMPLING_PURPOSE = 3;
    private static final long NOISE_PURPOSE = 4;

    private final SessionOptions sessionOptions;

    public TripletTrainer(SessionOptions sessionOptions) {
        this.sessionOptions = sessionOptions;
    }

    /**
     * From fresh weights until {@code settings.maxSteps()} or {@code settings.maxTime()}.
     *
     * @throws IllegalArgumentException when the photos, network and patch size do not fit
     * @throws RestorationCancelledException when {@code cancellation} fires before the last step
     * @throws IllegalStateException when a loss term stops being finite
     */
    public TripletModel train(TripletData data, TripletMethod method, TripletShape shape, TrainingSettings settings,
            TripletListener progress, CancellationSignal cancellation, CheckpointListener checkpoints) {
        check(data, shape, settings);
        TripletGraph graph = new TripletGraph(shape, sessionOptions);
        try {
            graph.reset(settings.seed());
            return run(graph, data, method, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** Goes on from a model saved by {@link TripletModel#save} up to {@code settings.maxSteps()} steps in all. */
    public TripletModel resume(Path saved, TripletData data, TripletMethod method, TrainingSettings settings,
            TripletListener progress, CancellationSignal cancellation, CheckpointListener checkpoints) {
        ModelInfo info = ModelInfo.read(saved);
        if (!TripletMethod.NAME.equals(info.method())) {
            throw new IllegalArgumentException("the saved model was trained by " + info.method() + ", not "
                    + TripletMethod.NAME);
        }
        if (info.steps() >= settings.maxSteps()) {
            throw new IllegalArgumentException("the saved model has taken " + info.steps()
                    + " steps already; ask for more than that");
        }
        TripletShape shape = TripletShape.of(info.network());
        check(data, shape, settings);
        TripletGraph graph = new TripletGraph(shape, sessionOptions);
        try {
            graph.restore(saved);
            return run(graph, data, method, settings, progress, cancellation, checkpoints);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** Patch sides are multiples of this: the attention's keys and the image discriminator both halve. */
    public static int patchStep(TripletShape shape) {
        return Math.max(shape.sizeDivisor(), 4);
    }

    private static void check(TripletData data, TripletShape shape, TrainingSettings settings) {
        if (data.channels() != shape.channels()) {
            throw new IllegalArgumentException("the network takes " + shape.channels()
                    + "-channel images, the photos have " + data.channels());
        }
        int patch = settings.patchSize();
        if (patch > data.smallestSide()) {
            throw new IllegalArgumentException("patch size " + patch + " is larger than the smallest image side "
                    + data.smallestSide());
        }
        int step = patchStep(shape);
        if (patch % step != 0 || patch < 2 * step) {
            throw new IllegalArgumentException("patch size " + patch + " must be a multiple of " + step
                    + " and at least " + 2 * step);
        }
    }

    private static TripletModel run(TripletGraph graph, TripletData data, TripletMethod method,
            TrainingSettings settings, TripletListener progress, CancellationSignal cancellation,
            CheckpointListener checkpoints) {
        PatchSampler real = new PatchSampler(TrainingData.of(data.realOld()));
        PatchSampler pairs = new PatchSampler(new TrainingData(data.pairs().stream()
                .map(p -> List.of(p.old(), p.clean(), p.mask().withChannels(p.clean().channels()))).toList()));
        long start = System.nanoTime();
        long deadline = settings.maxTime() == null ? Long.MAX_VALUE : start + settings.maxTime().toNanos();
        long stageOneDeadline = settings.maxTime() == null ? Long.MAX_VALUE
                : start + (long) (settings.maxTime().toNanos() * method.stageOneShare());
        long samplingKey = RandomStreams.mix(settings.seed(), SAMPLING_PURPOSE);
        long noiseKey = RandomStreams.mix(settings.seed(), NOISE_PURPOSE);
        int total = settings.maxSteps();
        int stageOneSteps = method.stageOneSteps(total);
        int done = Math.toIntExact(graph.steps());
        double sigma = noiseSigma(data);
        TripletLosses last = null;
        while (done < total) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(done);
            }
            boolean mapping = graph.mappingFrom() >= 0;
            if (!mapping && (done >= stageOneSteps || System.nanoTime() >= stageOneDeadline)) {
                graph.startMapping();
                mapping = true;
            }
            SplittableRandom random = new SplittableRandom(RandomStreams.mix(samplingKey, done));
            TripletBatch batch = batch(real, pairs, random, settings);
            last = mapping ? graph.trainMapping(batch, method.weights(), settings.learningRate())
                    : graph.trainVaes(batch, method.weights(), settings.learningRate(),
                            RandomStreams.mix(noiseKey, done));
            done++;
            if (!last.finite()) {
                throw new IllegalStateException(TripletMethod.NAME + " diverged at step " + done + " in stage "
                        + last.stage() + " (" + last.terms() + "); try a lower learning rate");
            }
            if (done % settings.progressEvery() == 0 || done == total) {
                progress.onLosses(done, last);
                progress.onProgress(new Progress(done, total, last.total()));
            }
            int steps = done;
            double loss = last.total();
            checkpoints.afterStep(done, dir -> TripletModel.write(graph, info(graph, steps, settings, sigma, loss),
                    dir));
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        return new TripletModel(graph, info(graph, done, settings, sigma, last == null ? Double.NaN : last.total()),
                last);
    }

    private static TripletBatch batch(PatchSampler real, PatchSampler pairs, SplittableRandom random,
            TrainingSettings settings) {
        Patches r = real.sample(random, settings.batchSize(), settings.patchSize(), 1).get(0);
        List<Patches> xym = pairs.sample(random, settings.batchSize(), settings.patchSize(), 3);
        return new TripletBatch(r, xym.get(0), xym.get(1), firstChannel(xym.get(2)));
    }

    private static Patches firstChannel(Patches patches) {
        Patches out = Patches.zeros(patches.count(), patches.side(), 1);
        for (int i = 0; i < out.pixels().length; i++) {
            out.pixels()[i] = patches.pixels()[i * patches.channels()] > 0.5f ? 1f : 0f;
        }
        return out;
    }

    private static ModelInfo info(TripletGraph graph, int steps, TrainingSettings settings, double sigma,
            double loss) {
        return new ModelInfo(TripletMethod.NAME, steps, settings.patchSize(), settings.batchSize(),
                graph.shape().asNetwork(), Inference.SINGLE, sigma, loss, settings.seed());
    }

    /** The median noise estimated on the real old photos, for the description only. */
    private static double noiseSigma(TripletData data) {
        double[] sigmas = data.realOld().stream().mapToDouble(NoiseLevel::sigma).sorted().toArray();
        return sigmas[sigmas.length / 2];
    }
}
