package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.nn.Adam;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.selfsup.Patches;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The method in one TensorFlow graph and session, as the paper draws it. Forward translation: the restored
 * photo G_Y(E_X(x)) and the degraded clean one G_X(E_Y(y) + E_X^N(x)). Backward cross reconstruction: both
 * translations encoded again and translated back, x^ = G_X(E_Y(x~) + E_X^N(y~)) and y^ = G_Y(E_X(y~)), held to
 * x and y by L1, as are the self-reconstructions G_X(z_X + n_X) and G_Y(z_Y). D_R tells z_X from z_Y, so E_X
 * learns codes of degraded photos that look like clean ones' (domain adaptation); D_X and D_Y judge the
 * translations; background and (optional) semantic consistency tie the restored photo to its input. The
 * generators' and discriminators' Adams take turns. The serving signature is the restorer alone, in the layout
 * of the self-supervised denoisers ({@code noisy} to {@code denoised}), so the SavedModel is served like them.
 */
final class UnpairedGraph implements AutoCloseable {

    static final String INPUT = "noisy";
    static final String OUTPUT = "denoised";
    /** Inputs every saved denoiser's signature has (Self2Self's passes); unused here, taken so serving is one path. */
    static final String DROPOUT = "dropout";
    static final String DROPOUT_KEY = "dropout_key";
    private static final long INIT_PURPOSE = 1;
    private static final long DISCRIMINATOR_PURPOSE = 2;

    private final UnpairedShape shape;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> degraded;
    private final Placeholder<TFloat32> clean;
    private final Placeholder<TFloat32> weights;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TInt64> initKey;
    private final Operand<TFloat32> restored;
    /** The feature network outside the graph, with the term's value and gradient fed in; null without one. */
    private final FeatureNetwork featureNetwork;
    private final PlaceholderWithDefault<TFloat32> semanticValue;
    private final PlaceholderWithDefault<TFloat32> semanticGradient;
    private final Operand<TFloat32> degradedClean;
    private final List<Operand<TFloat32>> terms = new ArrayList<>();
    private final Operand<TFloat32> generatorLoss;
    private final Operand<TFloat32> discriminatorLoss;
    private final Variable<TInt64> step;
    private final Op generatorStep;
    private final Op discriminatorStep;
    private final Op reset;
    private final SessionFunction function;

    UnpairedGraph(UnpairedShape shape, UnpairedMethod method, SessionOptions sessionOptions) {
        this.shape = shape;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Shape images = Shape.of(-1, -1, -1, shape.channels());
            degraded = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(images));
            clean = tf.withName("clean").placeholder(TFloat32.class, Placeholder.shape(images));
            weights = tf.withName("loss_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(6)));
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.scalar()));
            initKey = tf.withName("init_key").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
            var dropout = tf.withName(DROPOUT).placeholderWithDefault(tf.constant(0f), Shape.scalar());
            var dropoutKey = tf.withName(DROPOUT_KEY).placeholderWithDefault(tf.constant(0L), Shape.scalar());

            Parameters generators = new Parameters(tf);
            Encoder contentX = new Encoder(tf, generators, "E_X", shape);
            Encoder contentY = new Encoder(tf, generators, "E_Y", shape);
            Encoder noiseX = new Encoder(tf, generators, "E_X_noise", shape);
            Generator toX = new Generator(tf, generators, "G_X", shape);
            Generator toY = new Generator(tf, generators, "G_Y", shape);
            Parameters discriminators = new Parameters(tf);
            Discriminator judgeX = new Discriminator(tf, discriminators, "D_X", shape.channels(), shape.width(), 3, 2);
            Discriminator judgeY = new Discriminator(tf, discriminators, "D_Y", shape.channels(), shape.width(), 3, 2);
            Discriminator judgeCode = new Discriminator(tf, discriminators, "D_R", shape.codeChannels(),
                    shape.codeChannels(), 2, 0);

            // forward translation
            Operand<TFloat32> zX = contentX.encode(tf.withSubScope("z_x"), degraded);
            Operand<TFloat32> zY = contentY.encode(tf.withSubScope("z_y"), clean);
            Operand<TFloat32> nX = noiseX.encode(tf.withSubScope("n_x"), degraded);
            restored = tf.withName(OUTPUT).identity(toY.render(tf.withSubScope("restore"), zX));
            degradedClean = toX.render(tf.withSubScope("degrade"), tf.math.add(zY, nX));
            // self-reconstruction
            Operand<TFloat32> xAgain = toX.render(tf.withSubScope("x_self"), tf.math.add(zX, nX));
            Operand<TFloat32> yAgain = toY.render(tf.withSubScope("y_self"), zY);
            // backward cross reconstruction
            Operand<TFloat32> zRestored = contentY.encode(tf.withSubScope("z_restored"), restored);
            Operand<TFloat32> zDegraded = contentX.encode(tf.withSubScope("z_degraded"), degradedClean);
            Operand<TFloat32> nDegraded = noiseX.encode(tf.withSubScope("n_degraded"), degradedClean);
            Operand<TFloat32> xCycle = toX.render(tf.withSubScope("x_cycle"), tf.math.add(zRestored, nDegraded));
            Operand<TFloat32> yCycle = toY.render(tf.withSubScope("y_cycle"), zDegraded);

            Ops g = tf.withSubScope("generator_loss");
            Operand<TFloat32> adversarial = g.math.add(
                    towards(g, judgeY.judge(g.withSubScope("d_y_fake"), restored), 1f),
                    towards(g, judgeX.judge(g.withSubScope("d_x_fake"), degradedClean), 1f));
            Operand<TFloat32> representation = towards(g, judgeCode.judge(g.withSubScope("d_r_x"), zX), 1f);
            Operand<TFloat32> reconstruction = g.math.add(l1(g, xAgain, degraded), l1(g, yAgain, clean));
            Operand<TFloat32> crossCycle = g.math.add(l1(g, xCycle, degraded), l1(g, yCycle, clean));
            Operand<TFloat32> background = BackgroundConsistency.loss(g.withSubScope("background"), degraded,
                    restored, shape.channels());
            featureNetwork = method.featureNetwork().orElse(null);
            Operand<TFloat32> semantic;
            if (featureNetwork != null) {
                // the network runs in its own session: its value and dL/d(restored) come in, and the surrogate
                // sum(restored * g) - its own stopped value adds nothing to the loss but J^T g to the gradient
                semanticValue = tf.withName("semantic_value").placeholderWithDefault(tf.constant(0f), Shape.scalar());
                semanticGradient = tf.withName("semantic_gradient").placeholderWithDefault(tf.zerosLike(restored),
                        images);
                Operand<TFloat32> surrogate = g.reduceSum(g.math.mul(restored, g.stopGradient(semanticGradient)),
                        allAxes(g));
                semantic = g.math.add(semanticValue, g.math.sub(surrogate, g.stopGradient(surrogate)));
            } else {
                semanticValue = null;
                semanticGradient = null;
                semantic = method.semantic()
                        .map(features -> squared(g, features.features(g.withSubScope("features_in"), degraded),
                                features.features(g.withSubScope("features_out"), restored)))
                        .orElse(g.constant(0f));
            }
            terms.addAll(List.of(adversarial, representation, reconstruction, crossCycle, background, semantic));
            Operand<TFloat32> total = g.constant(0f);
            for (int i = 0; i < terms.size(); i++) {
                Operand<TFloat32> weight = g.gather(weights, g.constant(i), g.constant(0));
                total = g.math.add(total, g.math.mul(weight, terms.get(i)));
            }
            generatorLoss = total;

            Ops d = tf.withSubScope("discriminator_loss");
            discriminatorLoss = d.math.add(d.math.add(
                    d.math.add(towards(d, judgeX.judge(d.withSubScope("d_x_real"), degraded), 1f),
                            towards(d, judgeX.judge(d.withSubScope("d_x_fake"), degradedClean), 0f)),
                    d.math.add(towards(d, judgeY.judge(d.withSubScope("d_y_real"), clean), 1f),
                            towards(d, judgeY.judge(d.withSubScope("d_y_fake"), restored), 0f))),
                    d.math.add(towards(d, judgeCode.judge(d.withSubScope("d_r_y"), zY), 1f),
                            towards(d, judgeCode.judge(d.withSubScope("d_r_x"), zX), 0f)));

            Adam generatorAdam = new Adam(tf.withSubScope("generators"), generators.variables(), generatorLoss,
                    learningRate, method.betas());
            Adam discriminatorAdam = new Adam(tf.withSubScope("discriminators"), discriminators.variables(),
                    discriminatorLoss, learningRate, method.betas());
            step = tf.withName("step").variable(Shape.scalar(), TInt64.class);
            generatorStep = tf.withControlDependencies(List.of(generatorAdam.step())).assignAdd(step,
                    tf.constant(1L));
            discriminatorStep = discriminatorAdam.step();

            List<Op> resets = new ArrayList<>(generators.reset(initKey));
            resets.addAll(discriminators.reset(tf.math.add(initKey, tf.constant(DISCRIMINATOR_PURPOSE))));
            resets.addAll(generatorAdam.reset());
            resets.addAll(discriminatorAdam.reset());
            resets.add(tf.assign(step, tf.constant(0L)));
            reset = tf.withControlDependencies(resets).noOp();

            session = new Session(graph, sessionOptions.withCpuBfloat16(false).toConfigProto());
            function = SessionFunction.create(Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(INPUT, degraded).input(DROPOUT, dropout).input(DROPOUT_KEY, dropoutKey)
                    .output(OUTPUT, restored).build(), session);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** Least squares of a discriminator's scores against the label {@code target}. */
    private static Operand<TFloat32> towards(Ops tf, Operand<TFloat32> scores, float target) {
        return tf.math.mean(tf.math.squaredDifference(scores, tf.constant(target)), allAxes(tf));
    }

    private static Operand<TFloat32> l1(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.mean(tf.math.abs(tf.math.sub(a, b)), allAxes(tf));
    }

    private static Operand<TFloat32> squared(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.mean(tf.math.squaredDifference(a, b), tf.range(tf.constant(0), tf.rank(a), tf.constant(1)));
    }

    private static Operand<TInt32> allAxes(Ops tf) {
        return tf.constant(new int[] {0, 1, 2, 3});
    }

    /** Fresh weights for both players and fresh Adam states for {@code seed}; the step counter back to 0. */
    void reset(long seed) {
        try (TInt64 key = TInt64.scalarOf(RandomStreams.mix(seed, INIT_PURPOSE))) {
            session.runner().feed(initKey, key).addTarget(reset).run().close();
        }
    }

    /** The discriminators' Adam step on a batch: real photos and codes against the current translations. */
    void trainDiscriminators(Patches x, Patches y, float rate) {
        try (TFloat32 xs = tensor(x); TFloat32 ys = tensor(y); TFloat32 lr = TFloat32.scalarOf(rate)) {
            session.runner().feed(degraded, xs).feed(clean, ys).feed(learningRate, lr).addTarget(discriminatorStep)
                    .run().close();
        }
    }

    /**
     * The generators' (and encoders') Adam step on a batch of degraded and clean patches of one shape, which
     * counts as the step; returns the terms before the update.
     */
    Losses trainGenerators(Patches x, Patches y, LossWeights lossWeights, float rate) {
        try (TFloat32 xs = tensor(x); TFloat32 ys = tensor(y); TFloat32 w = TFloat32.vectorOf(lossWeights.asArray());
                TFloat32 lr = TFloat32.scalarOf(rate); SemanticFeed semantic = semantic(x, xs)) {
            return losses(semantic.feed(session.runner().feed(degraded, xs).feed(clean, ys).feed(weights, w)
                    .feed(learningRate, lr).addTarget(generatorStep)));
        }
    }

    /** The terms on a batch, without a step. */
    Losses evaluate(Patches x, Patches y, LossWeights lossWeights) {
        try (TFloat32 xs = tensor(x); TFloat32 ys = tensor(y); TFloat32 w = TFloat32.vectorOf(lossWeights.asArray());
                SemanticFeed semantic = semantic(x, xs)) {
            return losses(semantic.feed(session.runner().feed(degraded, xs).feed(clean, ys).feed(weights, w)));
        }
    }

    /**
     * The outside feature network's term on this batch: the restored patches as the weights stand (the step's run
     * computes the same ones), through the network, for the step to feed.
     */
    private SemanticFeed semantic(Patches x, TFloat32 xs) {
        if (featureNetwork == null) {
            return new SemanticFeed(null, null);
        }
        float[] restoredPixels = new float[x.pixels().length];
        try (Result result = session.runner().feed(degraded, xs).fetch(restored).run()) {
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(restoredPixels, false, false));
        }
        FeatureNetwork.Term term = featureNetwork.term(x.pixels(), restoredPixels, x.shape());
        TFloat32 value = TFloat32.scalarOf(term.value());
        try {
            return new SemanticFeed(value, TFloat32.tensorOf(Shape.of(x.shape()),
                    DataBuffers.of(term.gradient(), true, false)));
        } catch (RuntimeException e) {
            value.close();
            throw e;
        }
    }

    /** The fed value and gradient of the semantic term, when a feature network runs outside the graph. */
    private final class SemanticFeed implements AutoCloseable {
        private final TFloat32 value;
        private final TFloat32 gradient;

        SemanticFeed(TFloat32 value, TFloat32 gradient) {
            this.value = value;
            this.gradient = gradient;
        }

        Session.Runner feed(Session.Runner runner) {
            return value == null ? runner : runner.feed(semanticValue, value).feed(semanticGradient, gradient);
        }

        @Override
        public void close() {
            if (value != null) {
                value.close();
                gradient.close();
            }
        }
    }

    private Losses losses(Session.Runner runner) {
        terms.forEach(runner::fetch);
        runner.fetch(discriminatorLoss).fetch(generatorLoss);
        try (Result result = runner.run()) {
            double[] v = new double[terms.size() + 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((TFloat32) result.get(i)).getFloat();
            }
            return new Losses(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        }
    }

    /** The two translations of a batch: the restored degraded patches and the degraded clean ones. */
    Patches[] translate(Patches x, Patches y) {
        try (TFloat32 xs = tensor(x); TFloat32 ys = tensor(y);
                Result result = session.runner().feed(degraded, xs).feed(clean, ys).fetch(restored)
                        .fetch(degradedClean).run()) {
            return new Patches[] {patches((TFloat32) result.get(0)), patches((TFloat32) result.get(1))};
        }
    }

    private static Patches patches(TFloat32 t) {
        Shape s = t.shape();
        if (s.get(1) != s.get(2)) {
            throw new IllegalStateException("expected square patches, got " + s);
        }
        float[] out = new float[Math.toIntExact(s.size())];
        t.copyTo(DataBuffers.of(out, false, false));
        return new Patches((int) s.get(0), (int) s.get(1), (int) s.get(3), out);
    }

    long steps() {
        try (Result result = session.runner().fetch(step).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }

    /** A SavedModel of the whole state (both players, both Adams, the step); its signature is the restorer. */
    void save(Path dir) {
        try {
            SavedModelBundle.exporter(dir.toString()).withFunction(function).export();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir, e);
        }
    }

    void restore(Path dir) {
        session.restore(dir.resolve("variables").resolve("variables").toString());
    }

    UnpairedShape shape() {
        return shape;
    }

    private static TFloat32 tensor(Patches patches) {
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
