package dev.revive.worker.engine.oldphoto;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.nn.Adam;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.selfsup.UNet;
import dev.revive.worker.engine.selfsup.UNetConfig;
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
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The defect detector's network and its training in one graph: a {@link UNet} with one logit per
 * pixel, a sigmoid for the defect probability, and a class-weighted binary cross-entropy, since
 * defects cover a few percent of a photo and an unweighted loss is minimised by seeing none. The
 * same graph trains on patches and serves whole photos, and is exported as the SavedModel
 * {@link DefectDetector#load} reads (signature {@value #INPUT} to {@value #OUTPUT}).
 */
final class DetectorGraph implements AutoCloseable {

    static final String INPUT = "photo";
    static final String OUTPUT = "defects";
    private static final long INIT_PURPOSE = 1;

    private final UNetConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TFloat32> target;
    private final Placeholder<TFloat32> positiveWeight;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TInt64> initKey;
    private final Operand<TFloat32> output;
    private final Operand<TFloat32> loss;
    private final Variable<TInt64> step;
    private final Op train;
    private final Op reset;
    private final SessionFunction function;

    DetectorGraph(UNetConfig config, SessionOptions sessionOptions) {
        if (config.residual()) {
            throw new IllegalArgumentException("a detector's U-Net outputs a mask, it cannot be residual");
        }
        this.config = config;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, config.channels())));
            target = tf.withName("mask").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            positiveWeight = scalar(tf, "positive_weight", TFloat32.class);
            learningRate = scalar(tf, "learning_rate", TFloat32.class);
            initKey = scalar(tf, "init_key", TInt64.class);

            Parameters parameters = new Parameters(tf);
            UNet.Dropout none = new UNet.Dropout(tf.constant(0f), tf.constant(0L));
            Operand<TFloat32> logits = UNet.build(tf, parameters, input, config, none, 1);
            output = tf.withName(OUTPUT).math.sigmoid(logits);
            loss = weightedCrossEntropy(tf, logits, target, positiveWeight);
            Adam adam = new Adam(tf, parameters.variables(), loss, learningRate);
            step = tf.withName("step").variable(Shape.scalar(), TInt64.class);
            train = tf.withControlDependencies(List.of(adam.step())).assignAdd(step, tf.constant(1L));

            List<Op> resets = new ArrayList<>(parameters.reset(initKey));
            resets.addAll(adam.reset());
            resets.add(tf.assign(step, tf.constant(0L)));
            reset = tf.withControlDependencies(resets).noOp();

            session = new Session(graph, sessionOptions.withCpuBfloat16(false).toConfigProto());
            function = SessionFunction.create(Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(INPUT, input).output(OUTPUT, output).build(), session);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Mean over pixels of {@code w(y) * BCE(sigmoid(z), y)} with {@code w = 1 + (positive - 1) y},
     * in the overflow-free form {@code max(z,0) - z y + log(1 + exp(-|z|))}.
     */
    private static Operand<TFloat32> weightedCrossEntropy(Ops tf, Operand<TFloat32> logits,
            Operand<TFloat32> labels, Operand<TFloat32> positive) {
        Operand<TFloat32> bce = tf.math.add(
                tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, labels)),
                tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
        Operand<TFloat32> weight = tf.math.add(tf.constant(1f),
                tf.math.mul(tf.math.sub(positive, tf.constant(1f)), labels));
        return tf.math.mean(tf.math.mul(weight, bce), tf.constant(new int[] {0, 1, 2, 3}));
    }

    private static <T extends org.tensorflow.types.family.TType> Placeholder<T> scalar(Ops tf,
            String name, Class<T> type) {
        return tf.withName(name).placeholder(type, Placeholder.shape(Shape.scalar()));
    }

    /** Fresh weights and Adam state for {@code seed}; the step counter back to 0. */
    void reset(long seed) {
        try (TInt64 key = TInt64.scalarOf(RandomStreams.mix(seed, INIT_PURPOSE))) {
            session.runner().feed(initKey, key).addTarget(reset).run().close();
        }
    }

    /** One Adam step; returns the loss before it. */
    double train(Batch batch, float positive, float rate) {
        return run(batch, positive, rate, true);
    }

    /** The loss on {@code batch}, without a step. */
    double loss(Batch batch, float positive) {
        return run(batch, positive, 0f, false);
    }

    private double run(Batch batch, float positive, float rate, boolean step) {
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(batch.count(), batch.side(), batch.side(),
                        config.channels()), DataBuffers.of(batch.photos(), true, false));
                TFloat32 y = TFloat32.tensorOf(Shape.of(batch.count(), batch.side(), batch.side(), 1),
                        DataBuffers.of(batch.masks(), true, false));
                TFloat32 p = TFloat32.scalarOf(positive);
                TFloat32 lr = TFloat32.scalarOf(rate)) {
            Session.Runner runner = session.runner().feed(input, x).feed(target, y)
                    .feed(positiveWeight, p).feed(learningRate, lr).fetch(loss);
            if (step) {
                runner.addTarget(train);
            }
            try (Result result = runner.run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    long steps() {
        try (Result result = session.runner().fetch(step).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }

    /** Writes the SavedModel (weights, Adam's state and the step count, for resuming) to {@code dir}. */
    void save(Path dir) {
        try {
            SavedModelBundle.exporter(dir.toString()).withFunction(function).export();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the detector to " + dir, e);
        }
    }

    /** Takes every variable from a SavedModel this class wrote. */
    void restore(Path dir) {
        session.restore(dir.resolve("variables").resolve("variables").toString());
    }

    SessionFunction function() {
        return function;
    }

    UNetConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }

    /**
     * Aged patches and their defect masks, NHWC.
     *
     * @param photos {@code count * side * side * channels} samples
     * @param masks {@code count * side * side} samples, 1 on a defect
     */
    record Batch(int count, int side, float[] photos, float[] masks) {
    }

}
