package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.nn.Adam;
import dev.revive.worker.engine.nn.LanczosDownsampler;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.nn.SkipConfig;
import dev.revive.worker.engine.nn.SkipNetwork;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The whole DIP optimisation for one {@link DipGraphKey} as a TensorFlow graph and session.
 * Everything a job changes (weights, Adam state, the input z, the seeds, rate, input noise,
 * averaging) lives in variables set by {@link #reset}, and the observation (and a guide image, if
 * any) is loaded once; a train step then needs no feeds at all. Building costs seconds, so callers
 * may keep one per key and reuse it.
 *
 * <p>One step: z + N(0, inputNoise) with a seed of (job, iteration) → network → (downsampler) →
 * masked MSE → gradients → Adam; the exponential average of the outputs is updated in the same run.
 * Two checkpoint slots hold copies of the whole optimisation state, so a diverging job can go back.
 */
public final class DipGraph implements AutoCloseable {

    private static final float CODE_SCALE = 0.1f;
    private static final long CODE_STREAM = 0;
    private static final long INIT_PURPOSE = 1;
    private static final long NOISE_PURPOSE = 2;
    static final int CHECKPOINT_SLOTS = 2;

    private final DipGraphKey key;
    private final Graph graph;
    private final Session session;
    private final MaskedMseTerm dataTerm;
    private final long parameterCount;

    private final Placeholder<TInt64> initKeyIn;
    private final Placeholder<TInt64> noiseKeyIn;
    private final Placeholder<TFloat32> learningRateIn;
    private final Placeholder<TFloat32> inputNoiseIn;
    private final Placeholder<TFloat32> averagingIn;
    private final Op reset;
    private final Op train;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> output;
    private final Variable<TFloat32> average;
    private final Placeholder<TFloat32> inputIn;
    private final Op loadInput;
    private final Placeholder<TFloat32> setLearningRateIn;
    private final Op setLearningRate;
    private final Op halveLearningRate;
    private final Checkpoints checkpoints;

    /** Builds the graph for {@code key}. */
    public static DipGraph build(DipGraphKey key) {
        return new DipGraph(key);
    }

    public static DipGraph forDenoising(int height, int width, SkipConfig config) {
        return forDenoising(height, width, config, SessionOptions.defaults());
    }

    public static DipGraph forDenoising(int height, int width, SkipConfig config,
            SessionOptions sessionOptions) {
        return build(DipGraphKey.of(height, width, config, sessionOptions));
    }

    private DipGraph(DipGraphKey key) {
        this.key = key;
        int height = key.height();
        int width = key.width();
        SkipConfig config = key.network();
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Ops job = tf.withSubScope("job");
            initKeyIn = job.withName("init_key_in").placeholder(TInt64.class, scalarShape());
            noiseKeyIn = job.withName("noise_key_in").placeholder(TInt64.class, scalarShape());
            learningRateIn = job.withName("learning_rate_in").placeholder(TFloat32.class, scalarShape());
            inputNoiseIn = job.withName("input_noise_in").placeholder(TFloat32.class, scalarShape());
            averagingIn = job.withName("averaging_in").placeholder(TFloat32.class, scalarShape());

            Variable<TInt64> noiseKey = job.withName("noise_key").variable(Shape.scalar(), TInt64.class);
            Variable<TInt64> iteration = job.withName("iteration").variable(Shape.scalar(), TInt64.class);
            Variable<TFloat32> learningRate =
                    job.withName("learning_rate").variable(Shape.scalar(), TFloat32.class);
            Variable<TFloat32> inputNoise =
                    job.withName("input_noise").variable(Shape.scalar(), TFloat32.class);
            Variable<TFloat32> averaging =
                    job.withName("averaging").variable(Shape.scalar(), TFloat32.class);
            Shape codeShape = Shape.of(1, height, width, config.inputChannels());
            Shape imageShape = Shape.of(1, height, width, config.outputChannels());
            Variable<TFloat32> code = job.withName("z").variable(codeShape, TFloat32.class);
            average = job.withName("average").variable(imageShape, TFloat32.class);

            Operand<TFloat32> perturbation = tf.random.statelessRandomNormal(tf.constant(codeShape),
                    RandomStreams.seed(tf, noiseKey, iteration), TFloat32.class);
            Operand<TFloat32> input = tf.math.add(code, tf.math.mul(perturbation, inputNoise));

            Parameters parameters = new Parameters(tf);
            SkipNetwork network = SkipNetwork.build(tf, parameters, input, config);
            parameterCount = network.parameterCount();
            output = network.output();
            dataTerm = new MaskedMseTerm(tf, key.scale() == 1 ? output
                    : LanczosDownsampler.apply(tf, output, key.scale()));
            loss = dataTerm.loss();
            Adam adam = new Adam(tf, parameters.variables(), loss, learningRate);

            // The first step takes the output as it is (keep 0), like the reference's out_avg = out.
            // Written as a subtraction of the small correction, not as keep * avg + (1 - keep) * out, so
            // that the average itself never passes through an op that mixed precision may run in bf16:
            // with 8 bits of mantissa, 0.99 * avg + 0.01 * out rounds back to avg and stops moving.
            Operand<TFloat32> keep = tf.select(tf.math.equal(iteration, tf.constant(0L)),
                    tf.constant(0f), averaging);
            Operand<TFloat32> correction = tf.math.mul(tf.math.sub(average, output),
                    tf.math.sub(tf.constant(1f), keep));
            Op updateAverage = tf.assignSub(average, correction);
            train = tf.withControlDependencies(List.of(adam.step(), updateAverage))
                    .assignAdd(iteration, tf.constant(1L));

            List<Op> resets = new ArrayList<>(parameters.reset(initKeyIn));
            resets.addAll(adam.reset());
            Operand<TFloat32> unitCode = tf.random.statelessRandomUniform(tf.constant(codeShape),
                    RandomStreams.seed(tf, initKeyIn, CODE_STREAM), TFloat32.class);
            resets.add(tf.assign(code, tf.math.mul(unitCode, tf.constant(CODE_SCALE))));
            resets.add(tf.assign(average, tf.zeros(tf.constant(imageShape), TFloat32.class)));
            resets.add(tf.assign(iteration, tf.constant(0L)));
            resets.add(tf.assign(noiseKey, noiseKeyIn));
            resets.add(tf.assign(learningRate, learningRateIn));
            resets.add(tf.assign(inputNoise, inputNoiseIn));
            resets.add(tf.assign(averaging, averagingIn));
            reset = tf.withControlDependencies(resets).noOp();

            inputIn = job.withName("input_in").placeholder(TFloat32.class, Placeholder.shape(codeShape));
            loadInput = tf.assign(code, inputIn);
            setLearningRateIn = job.withName("set_learning_rate_in")
                    .placeholder(TFloat32.class, scalarShape());
            setLearningRate = tf.assign(learningRate, setLearningRateIn);
            halveLearningRate = tf.assign(learningRate,
                    tf.math.mul(learningRate, tf.constant(0.5f)));

            List<Variable<? extends TType>> state = new ArrayList<>(parameters.variables());
            state.addAll(adam.state());
            state.add(average);
            state.add(iteration);
            checkpoints = new Checkpoints(tf, state, CHECKPOINT_SLOTS);

            session = new Session(graph, key.sessionOptions().toConfigProto());
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static Placeholder.Options scalarShape() {
        return Placeholder.shape(Shape.scalar());
    }

    /**
     * Starts a job: fresh weights, Adam state and random code z from {@code settings.seed()}, and
     * the job's rate, input noise and averaging. Load the observation (and a guide to replace z,
     * if any) afterwards.
     */
    public void reset(DipSettings settings) {
        long seed = settings.seed();
        try (TInt64 initKey = TInt64.scalarOf(RandomStreams.mix(seed, INIT_PURPOSE));
                TInt64 noiseKey = TInt64.scalarOf(RandomStreams.mix(seed, NOISE_PURPOSE));
                TFloat32 learningRate = TFloat32.scalarOf(settings.learningRate());
                TFloat32 inputNoise = TFloat32.scalarOf(settings.inputNoise());
                TFloat32 averaging = TFloat32.scalarOf(settings.averaging());
                Result ignored = session.runner()
                        .feed(initKeyIn, initKey)
                        .feed(noiseKeyIn, noiseKey)
                        .feed(learningRateIn, learningRate)
                        .feed(inputNoiseIn, inputNoise)
                        .feed(averagingIn, averaging)
                        .addTarget(reset)
                        .run()) {
            // the assignments are the effect
        }
    }

    /**
     * Loads one job's observation: the target (HWC, the data term's size: the network's output
     * size divided by the scale) and its mask (HW, 1 where a pixel counts).
     */
    public void loadObservation(float[] target, float[] mask) {
        dataTerm.load(session, target, mask);
    }

    /**
     * Replaces the random code z by {@code input} (HWC at the network's size, as many channels as
     * it takes): the guide image of flash/no-flash restoration. Call after {@link #reset}.
     */
    public void loadInput(float[] input) {
        Shape shape = Shape.of(1, key.height(), key.width(), key.network().inputChannels());
        if (input.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " input samples, got "
                    + input.length);
        }
        try (TFloat32 tensor = TFloat32.tensorOf(shape, DataBuffers.of(input, true, false))) {
            session.runner().feed(inputIn, tensor).addTarget(loadInput).run().close();
        }
    }

    /** The loss of a step and, when asked for, the raw output it computed (HWC, padded size). */
    public record Step(double loss, float[] output) {
    }

    /**
     * Runs one optimisation step and fetches its loss (the output's, before the update) and,
     * when {@code fetchOutput}, that output.
     */
    public Step step(boolean fetchLoss, boolean fetchOutput) {
        Session.Runner runner = session.runner().addTarget(train);
        if (!fetchLoss && !fetchOutput) {
            runner.run().close();
            return new Step(Double.NaN, null);
        }
        runner.fetch(loss);
        if (fetchOutput) {
            runner.fetch(output);
        }
        try (Result result = runner.run()) {
            double value = ((TFloat32) result.get(0)).getFloat();
            return new Step(value, fetchOutput ? copy((TFloat32) result.get(1)) : null);
        }
    }

    /**
     * Runs one optimisation step.
     *
     * @param fetchLoss whether to copy the loss out; skipping it saves a device round trip
     * @return the loss before this step's update, or NaN when not fetched
     */
    public double step(boolean fetchLoss) {
        Session.Runner runner = session.runner().addTarget(train);
        if (!fetchLoss) {
            runner.run().close();
            return Double.NaN;
        }
        try (Result result = runner.fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /**
     * Runs one optimisation step and returns the network output it computed (before its update,
     * HWC, padded size): the "raw" output quality reports compare with the average.
     */
    public float[] stepReturningOutput() {
        try (Result result = session.runner().addTarget(train).fetch(output).run()) {
            return copy((TFloat32) result.get(0));
        }
    }

    /** The exponential average of the outputs so far (HWC, padded size). */
    public float[] averagedOutput() {
        try (Result result = session.runner().fetch(average).run()) {
            return copy((TFloat32) result.get(0));
        }
    }

    private static float[] copy(TFloat32 tensor) {
        float[] pixels = new float[Math.toIntExact(tensor.size())];
        tensor.copyTo(DataBuffers.of(pixels, false, false));
        return pixels;
    }

    /** Copies the whole optimisation state (weights, Adam, average, iteration) into a slot. */
    void saveCheckpoint(int slot) {
        checkpoints.save(session, slot);
    }

    /** Brings back the state saved in {@code slot}; the learning rate is not part of it. */
    void restoreCheckpoint(int slot) {
        checkpoints.restore(session, slot);
    }

    void halveLearningRate() {
        session.runner().addTarget(halveLearningRate).run().close();
    }

    /** Changes the job's learning rate mid-run (tests force divergence with it). */
    void setLearningRate(float rate) {
        try (TFloat32 value = TFloat32.scalarOf(rate)) {
            session.runner().feed(setLearningRateIn, value).addTarget(setLearningRate).run().close();
        }
    }

    public MaskedMseTerm dataTerm() {
        return dataTerm;
    }

    /** For data terms loading their observation; owned by this graph. */
    public Session session() {
        return session;
    }

    public DipGraphKey key() {
        return key;
    }

    public int height() {
        return key.height();
    }

    public int width() {
        return key.width();
    }

    public SkipConfig config() {
        return key.network();
    }

    public long parameterCount() {
        return parameterCount;
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
