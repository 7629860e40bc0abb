package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.nn.Adam;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.RandomStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A {@link UNet} with its training in one TensorFlow graph and session: the weighted-MSE loss of
 * {@link TrainingBatch}, Adam, and a step counter; or, for {@link Architecture#BLIND_SPOT}, a
 * {@link BlindSpotNetwork} trained by the Gaussian likelihood of the target and served as the
 * posterior mean, with the noise sigma it assumes kept in the graph so the SavedModel needs nothing
 * else. The input takes any batch and size, so the same graph trains on patches, serves whole
 * photos, and is exported as the SavedModel that {@link Denoiser#load} reads. Weights start from
 * stateless random ops keyed by a fed seed, never from constants baked into the graph.
 */
final class DenoiserGraph implements AutoCloseable {

    static final String INPUT = "noisy";
    static final String OUTPUT = "denoised";
    static final String DROPOUT = "dropout";
    static final String DROPOUT_KEY = "dropout_key";
    private static final long INIT_PURPOSE = 1;
    /** Sigma is floored here so that a clean photo's estimate of 0 cannot divide by zero. */
    private static final float SMALLEST_SIGMA = 1e-3f;

    private final UNetConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TFloat32> target;
    private final Placeholder<TFloat32> weights;
    private final Placeholder<TFloat32> regularTarget;
    private final Placeholder<TFloat32> regularWeight;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TInt64> initKey;
    private final PlaceholderWithDefault<TFloat32> dropout;
    private final PlaceholderWithDefault<TInt64> dropoutKey;
    private final Operand<TFloat32> output;
    private final Operand<TFloat32> loss;
    private final Variable<TInt64> step;
    private final Op train;
    private final Op reset;
    private final Placeholder<TFloat32> noiseSigma;
    private final Op setNoiseSigma;
    private final SessionFunction function;

    DenoiserGraph(UNetConfig config, Architecture architecture, SessionOptions sessionOptions) {
        this.config = config;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Shape images = Shape.of(-1, -1, -1, config.channels());
            input = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(images));
            target = tf.withName("target").placeholder(TFloat32.class, Placeholder.shape(images));
            weights = tf.withName("weights").placeholder(TFloat32.class, Placeholder.shape(images));
            regularTarget = tf.withName("regular_target")
                    .placeholder(TFloat32.class, Placeholder.shape(images));
            regularWeight = scalar(tf, "regular_weight", TFloat32.class);
            learningRate = scalar(tf, "learning_rate", TFloat32.class);
            initKey = scalar(tf, "init_key", TInt64.class);
            dropout = tf.withName(DROPOUT).placeholderWithDefault(tf.constant(0f), Shape.scalar());
            dropoutKey = tf.withName(DROPOUT_KEY).placeholderWithDefault(tf.constant(0L), Shape.scalar());

            Parameters parameters = new Parameters(tf);
            Operand<TFloat32> counted = tf.math.maximum(tf.reduceSum(weights, allAxes(tf)),
                    tf.constant(1f));
            if (architecture == Architecture.BLIND_SPOT) {
                noiseSigma = scalar(tf, "noise_sigma_value", TFloat32.class);
                Variable<TFloat32> sigma = tf.withName("noise_sigma").variable(Shape.scalar(), TFloat32.class);
                setNoiseSigma = tf.assign(sigma, tf.math.maximum(noiseSigma, tf.constant(SMALLEST_SIGMA)));
                BlindSpotNetwork.Prediction prior = BlindSpotNetwork.build(tf, parameters, input, config);
                output = tf.withName(OUTPUT).identity(GaussianPosterior.mean(tf, input, prior));
                Operand<TFloat32> nll = GaussianPosterior.negativeLogLikelihood(tf, target, prior, sigma);
                loss = tf.math.div(tf.reduceSum(tf.math.mul(weights, nll), allAxes(tf)), counted);
            } else {
                noiseSigma = null;
                setNoiseSigma = null;
                output = tf.withName(OUTPUT).identity(UNet.build(tf, parameters, input, config,
                        new UNet.Dropout(dropout, dropoutKey)));
                loss = tf.math.add(weightedMean(tf, target, counted),
                        tf.math.mul(regularWeight, weightedMean(tf, regularTarget, counted)));
            }
            Adam adam = new Adam(tf, parameters.variables(), loss, learningRate);
            step = tf.withName("step").variable(Shape.scalar(), TInt64.class);
            train = tf.withControlDependencies(List.of(adam.step())).assignAdd(step, tf.constant(1L));

            List<Op> resets = new ArrayList<>(parameters.reset(initKey));
            resets.addAll(adam.reset());
            resets.add(tf.assign(step, tf.constant(0L)));
            reset = tf.withControlDependencies(resets).noOp();

            session = new Session(graph, sessionConfig(sessionOptions));
            function = SessionFunction.create(Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(INPUT, input).input(DROPOUT, dropout).input(DROPOUT_KEY, dropoutKey)
                    .output(OUTPUT, output).build(), session);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /**
     * The session configuration of {@code options}, always in float32: under oneDNN's bfloat16
     * mixed precision (the worker's default on CPUs with AMX or AVX-512 bf16) every method's loss
     * turned NaN within the first 2-9 steps, at any learning rate, while float32 trains.
     */
    static ConfigProto sessionConfig(SessionOptions options) {
        return options.withCpuBfloat16(false).toConfigProto();
    }

    private static <T extends TType> Placeholder<T> scalar(Ops tf,
            String name, Class<T> type) {
        return tf.withName(name).placeholder(type, Placeholder.shape(Shape.scalar()));
    }

    private static Operand<TInt32> allAxes(Ops tf) {
        return tf.constant(new int[] {0, 1, 2, 3});
    }

    private Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> goal, Operand<TFloat32> counted) {
        Operand<TFloat32> errors = tf.math.mul(weights, tf.math.squaredDifference(output, goal));
        return tf.math.div(tf.reduceSum(errors, allAxes(tf)), counted);
    }

    /** Fresh weights and Adam state for {@code seed}; the step counter back to 0. */
    void reset(long seed) {
        try (TInt64 key = TInt64.scalarOf(RandomStreams.mix(seed, INIT_PURPOSE))) {
            session.runner().feed(initKey, key).addTarget(reset).run().close();
        }
    }

    /** The noise sigma a blind-spot graph trains and serves with; nothing for a U-Net. */
    void setNoiseSigma(double sigma) {
        if (setNoiseSigma == null) {
            return;
        }
        try (TFloat32 value = TFloat32.scalarOf((float) sigma)) {
            session.runner().feed(noiseSigma, value).addTarget(setNoiseSigma).run().close();
        }
    }

    /**
     * One Adam step on {@code batch}; returns the loss before the update.
     *
     * @param dropRate the decoder's dropout rate, with {@code dropKey} seeding its draw
     */
    double train(TrainingBatch batch, float rate, float dropRate, long dropKey) {
        return run(batch, rate, dropRate, dropKey, true);
    }

    /** The loss on {@code batch} as {@link #train} would see it, without a step. */
    double loss(TrainingBatch batch, float dropRate, long dropKey) {
        return run(batch, 0f, dropRate, dropKey, false);
    }

    private double run(TrainingBatch batch, float rate, float dropRate, long dropKey, boolean step) {
        try (TFloat32 x = tensor(batch.input());
                TFloat32 t = tensor(batch.target());
                TFloat32 w = tensor(batch.weights());
                TFloat32 r = tensor(batch.regularTarget());
                TFloat32 rw = TFloat32.scalarOf(batch.regularWeight());
                TFloat32 lr = TFloat32.scalarOf(rate);
                TFloat32 drop = TFloat32.scalarOf(dropRate);
                TInt64 key = TInt64.scalarOf(dropKey);
                Result result = runner(step).feed(input, x).feed(target, t).feed(weights, w)
                        .feed(regularTarget, r).feed(regularWeight, rw).feed(learningRate, lr)
                        .feed(dropout, drop).feed(dropoutKey, key).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    private Session.Runner runner(boolean step) {
        Session.Runner runner = session.runner();
        return step ? runner.addTarget(train) : runner;
    }

    /** The network's output for {@code patches}, without training. */
    Patches apply(Patches patches) {
        try (TFloat32 x = tensor(patches);
                Result result = session.runner().feed(input, x).fetch(output).run()) {
            float[] out = new float[patches.pixels().length];
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
            return new Patches(patches.count(), patches.side(), patches.channels(), out);
        }
    }

    /** Adam steps taken since the last {@link #reset} (or that the restored checkpoint had taken). */
    long steps() {
        try (Result result = session.runner().fetch(step).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }

    /**
     * Writes a SavedModel to {@code dir}: tag "serve", signature {@value #INPUT} to {@value #OUTPUT},
     * with optional {@value #DROPOUT} and {@value #DROPOUT_KEY} inputs for ensemble passes.
     */
    void save(Path dir) {
        try {
            SavedModelBundle.exporter(dir.toString()).withFunction(function).export();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir, e);
        }
    }

    /** Takes every variable (weights, Adam's state, the step) from a SavedModel this class wrote. */
    void restore(Path dir) {
        session.restore(dir.resolve("variables").resolve("variables").toString());
    }

    SessionFunction function() {
        return function;
    }

    UNetConfig config() {
        return config;
    }

    static TFloat32 tensor(Patches patches) {
        return TFloat32.tensorOf(Shape.of(patches.shape()), DataBuffers.of(patches.pixels(), true, false));
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
