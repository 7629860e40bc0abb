package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.nn.Adam;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.selfsup.Denoiser;
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
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The triplet domain translation in one TensorFlow graph and session. Domains: R (real old photos), X (synthetic
 * old photos), Y (clean photos). VAE 1 (E1, G1) encodes R and X into one latent space, a latent discriminator
 * pushing the codes of R towards those of X so that what is learnt on synthetic pairs carries over to real photos;
 * VAE 2 (E2, G2) encodes Y. Stage 1 trains both VAEs; stage 2 leaves them fixed and trains the mapping T on
 * synthetic pairs: T(E1(x)) is held to E2(y) in latent space and G2(T(E1(x))) to the clean photos by an image
 * discriminator and feature matching. The serving signature is the restorer G2(T(E1(r), m)), in the layout of the
 * other trained denoisers ({@code noisy} to {@code denoised}) plus the defect mask ({@link Denoiser#MASK}), which
 * {@code Denoiser} feeds; fed nothing, the placeholder defaults to no defects.
 */
final class TripletGraph implements AutoCloseable {

    static final String INPUT = "noisy";
    static final String OUTPUT = "denoised";
    /** Inputs every saved denoiser's signature has (Self2Self's passes); unused here, taken so serving is one path. */
    static final String DROPOUT = "dropout";
    static final String DROPOUT_KEY = "dropout_key";
    private static final long INIT_PURPOSE = 1;
    private static final long LATENT_JUDGE_PURPOSE = 2;
    private static final long MAPPING_PURPOSE = 3;
    private static final long IMAGE_JUDGE_PURPOSE = 4;
    private static final long NOISE_STREAM = 10;

    private final TripletShape shape;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> realOld;
    private final Placeholder<TFloat32> syntheticOld;
    private final Placeholder<TFloat32> clean;
    private final Operand<TFloat32> mask;
    private final Operand<TInt64> noiseKey;
    private final Placeholder<TFloat32> weights;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TInt64> initKey;
    private final Operand<TFloat32> restored;
    private final Operand<TFloat32> restoredSynthetic;
    private final List<Operand<TFloat32>> stageOneTerms = new ArrayList<>();
    private final List<Operand<TFloat32>> stageTwoTerms = new ArrayList<>();
    private final Operand<TFloat32> vaeLoss;
    private final Operand<TFloat32> mappingLoss;
    private final Variable<TInt64> step;
    private final Variable<TInt64> mappingFrom;
    private final Op vaeStep;
    private final Op latentJudgeStep;
    private final Op mappingStep;
    private final Op imageJudgeStep;
    private final Op startMapping;
    private final Op reset;
    private final SessionFunction function;

    TripletGraph(TripletShape shape, SessionOptions sessionOptions) {
        this.shape = shape;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Shape images = Shape.of(-1, -1, -1, shape.channels());
            realOld = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(images));
            syntheticOld = tf.withName("synthetic_old").placeholder(TFloat32.class, Placeholder.shape(images));
            clean = tf.withName("clean").placeholder(TFloat32.class, Placeholder.shape(images));
            mask = tf.withName(Denoiser.MASK).placeholderWithDefault(tf.zeros(tf.constant(new long[] {1, 1, 1, 1}),
                    TFloat32.class), Shape.of(-1, -1, -1, 1));
            noiseKey = tf.withName("noise_key").placeholderWithDefault(tf.constant(0L), Shape.scalar());
            weights = tf.withName("loss_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(6)));
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.scalar()));
            initKey = tf.withName("init_key").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
            var dropout = tf.withName(DROPOUT).placeholderWithDefault(tf.constant(0f), Shape.scalar());
            var dropoutKey = tf.withName(DROPOUT_KEY).placeholderWithDefault(tf.constant(0L), Shape.scalar());

            Parameters vaes = new Parameters(tf);
            VaeEncoder encodeOld = new VaeEncoder(tf, vaes, "E1", shape);
            VaeDecoder decodeOld = new VaeDecoder(tf, vaes, "G1", shape);
            VaeEncoder encodeClean = new VaeEncoder(tf, vaes, "E2", shape);
            VaeDecoder decodeClean = new VaeDecoder(tf, vaes, "G2", shape);
            Parameters latentJudges = new Parameters(tf);
            Discriminator latentJudge = new Discriminator(tf, latentJudges, "D_latent", shape.codeChannels(),
                    shape.codeChannels(), 2, 0);
            Parameters mappings = new Parameters(tf);
            MappingNetwork mapping = new MappingNetwork(tf, mappings, "T", shape);
            Parameters imageJudges = new Parameters(tf);
            Discriminator imageJudge = new Discriminator(tf, imageJudges, "D_image", shape.channels(),
                    shape.width(), 3, 2);

            // stage 1: two VAEs, the old photos' latent space shared by real and synthetic ones
            Ops s1 = tf.withSubScope("stage1");
            Operand<TFloat32> muR = encodeOld.mean(s1.withSubScope("mu_r"), realOld);
            Operand<TFloat32> muX = encodeOld.mean(s1.withSubScope("mu_x"), syntheticOld);
            Operand<TFloat32> muY = encodeClean.mean(s1.withSubScope("mu_y"), clean);
            Operand<TFloat32> kl = s1.math.add(kl(s1, muR), kl(s1, muX));
            Operand<TFloat32> reconstruction = s1.math.add(
                    l1(s1, decodeOld.decode(s1.withSubScope("r_again"), sample(s1, muR, 0)), realOld),
                    l1(s1, decodeOld.decode(s1.withSubScope("x_again"), sample(s1, muX, 1)), syntheticOld));
            Operand<TFloat32> latentAdversarial = towards(s1, latentJudge.judge(s1.withSubScope("d_r"), muR), 1f);
            Operand<TFloat32> cleanKl = kl(s1, muY);
            Operand<TFloat32> cleanReconstruction = l1(s1,
                    decodeClean.decode(s1.withSubScope("y_again"), sample(s1, muY, 2)), clean);
            Operand<TFloat32> latentJudgeLoss = s1.math.add(
                    towards(s1, latentJudge.judge(s1.withSubScope("d_x_real"), s1.stopGradient(muX)), 1f),
                    towards(s1, latentJudge.judge(s1.withSubScope("d_r_fake"), s1.stopGradient(muR)), 0f));
            stageOneTerms.addAll(List.of(kl, reconstruction, latentAdversarial, cleanKl, cleanReconstruction,
                    latentJudgeLoss));
            vaeLoss = s1.math.add(s1.math.add(
                    s1.math.mul(weight(s1, 0), s1.math.add(kl, cleanKl)),
                    s1.math.mul(weight(s1, 1), s1.math.add(reconstruction, cleanReconstruction))),
                    s1.math.mul(weight(s1, 2), latentAdversarial));

            // stage 2: the mapping between the fixed latent spaces, on synthetic pairs
            Ops s2 = tf.withSubScope("stage2");
            Operand<TFloat32> zX = s2.stopGradient(encodeOld.mean(s2.withSubScope("z_x"), syntheticOld));
            Operand<TFloat32> zY = s2.stopGradient(encodeClean.mean(s2.withSubScope("z_y"), clean));
            Operand<TFloat32> mapped = mapping.map(s2.withSubScope("map_x"), zX, latentMask(s2, zX));
            restoredSynthetic = decodeClean.decode(s2.withSubScope("restore_x"), mapped);
            Operand<TFloat32> mappingL1 = l1(s2, mapped, zY);
            List<Operand<TFloat32>> fake = imageJudge.features(s2.withSubScope("d_fake"), restoredSynthetic);
            List<Operand<TFloat32>> real = imageJudge.features(s2.withSubScope("d_real"), clean);
            Operand<TFloat32> imageAdversarial = towards(s2, fake.get(fake.size() - 1), 1f);
            Operand<TFloat32> featureMatching = s2.constant(0f);
            for (int i = 0; i < fake.size() - 1; i++) {
                featureMatching = s2.math.add(featureMatching, l1(s2, fake.get(i), s2.stopGradient(real.get(i))));
            }
            Operand<TFloat32> imageJudgeLoss = s2.math.add(towards(s2, real.get(real.size() - 1), 1f),
                    towards(s2, imageJudge.judge(s2.withSubScope("d_fake_fixed"),
                            s2.stopGradient(restoredSynthetic)), 0f));
            stageTwoTerms.addAll(List.of(mappingL1, imageAdversarial, featureMatching, imageJudgeLoss));
            mappingLoss = s2.math.add(s2.math.add(s2.math.mul(weight(s2, 3), mappingL1),
                    s2.math.mul(weight(s2, 4), imageAdversarial)), s2.math.mul(weight(s2, 5), featureMatching));

            // the restorer: means only, no sampling
            Ops serve = tf.withSubScope("restore");
            Operand<TFloat32> code = encodeOld.mean(serve.withSubScope("z_r"), realOld);
            restored = tf.withName(OUTPUT).identity(decodeClean.decode(serve.withSubScope("decode"),
                    mapping.map(serve.withSubScope("map"), code, latentMask(serve, code))));

            Adam vaeAdam = new Adam(tf.withSubScope("vaes"), vaes.variables(), vaeLoss, learningRate);
            Adam latentAdam = new Adam(tf.withSubScope("latent_judge"), latentJudges.variables(), latentJudgeLoss,
                    learningRate);
            Adam mappingAdam = new Adam(tf.withSubScope("mapping"), mappings.variables(), mappingLoss, learningRate);
            Adam imageAdam = new Adam(tf.withSubScope("image_judge"), imageJudges.variables(), imageJudgeLoss,
                    learningRate);
            step = tf.withName("step").variable(Shape.scalar(), TInt64.class);
            mappingFrom = tf.withName("mapping_from").variable(Shape.scalar(), TInt64.class);
            vaeStep = tf.withControlDependencies(List.of(vaeAdam.step())).assignAdd(step, tf.constant(1L));
            mappingStep = tf.withControlDependencies(List.of(mappingAdam.step())).assignAdd(step, tf.constant(1L));
            latentJudgeStep = latentAdam.step();
            imageJudgeStep = imageAdam.step();
            startMapping = tf.assign(mappingFrom, step);

            List<Op> resets = new ArrayList<>(vaes.reset(initKey));
            resets.addAll(latentJudges.reset(tf.math.add(initKey, tf.constant(LATENT_JUDGE_PURPOSE))));
            resets.addAll(mappings.reset(tf.math.add(initKey, tf.constant(MAPPING_PURPOSE))));
            resets.addAll(imageJudges.reset(tf.math.add(initKey, tf.constant(IMAGE_JUDGE_PURPOSE))));
            for (Adam adam : List.of(vaeAdam, latentAdam, mappingAdam, imageAdam)) {
                resets.addAll(adam.reset());
            }
            resets.add(tf.assign(step, tf.constant(0L)));
            resets.add(tf.assign(mappingFrom, tf.constant(-1L)));
            reset = tf.withControlDependencies(resets).noOp();

            session = new Session(graph, sessionOptions.withCpuBfloat16(false).toConfigProto());
            function = SessionFunction.create(Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(INPUT, realOld).input(Denoiser.MASK, mask).input(DROPOUT, dropout)
                    .input(DROPOUT_KEY, dropoutKey).output(OUTPUT, restored).build(), session);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** The authors' KL with a unit-variance posterior: half the mean squared code. */
    private static Operand<TFloat32> kl(Ops tf, Operand<TFloat32> mean) {
        return tf.math.mul(tf.constant(0.5f), tf.math.mean(tf.math.square(mean), allAxes(tf)));
    }

    /** The code plus a standard normal draw of stream {@code stream} under the step's noise key. */
    private Operand<TFloat32> sample(Ops tf, Operand<TFloat32> mean, long stream) {
        // no gradient reaches the draw, though its shape is the code's
        return tf.math.add(mean, tf.stopGradient(tf.random.statelessRandomNormal(tf.stopGradient(tf.shape(mean)),
                RandomStreams.seed(tf, noiseKey, NOISE_STREAM + stream))));
    }

    /** The defect mask at the code's resolution: a code position is a defect when any pixel it covers is. */
    private Operand<TFloat32> latentMask(Ops tf, Operand<TFloat32> code) {
        Operand<TInt32> size = tf.slice(tf.shape(code), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
        Operand<TFloat32> covered = tf.image.resizeArea(tf.stopGradient(mask), size);
        return tf.dtypes.cast(tf.math.greater(covered, tf.constant(0f)), TFloat32.class);
    }

    private Operand<TFloat32> weight(Ops tf, int index) {
        return tf.gather(weights, tf.constant(index), tf.constant(0));
    }

    /** Least squares of a discriminator's scores against the label {@code target}. */
    private static Operand<TFloat32> towards(Ops tf, Operand<TFloat32> scores, float target) {
        return tf.math.mean(tf.math.squaredDifference(scores, tf.constant(target)), allAxes(tf));
    }

    private static Operand<TFloat32> l1(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.mean(tf.math.abs(tf.math.sub(a, b)), allAxes(tf));
    }

    private static Operand<TInt32> allAxes(Ops tf) {
        return tf.constant(new int[] {0, 1, 2, 3});
    }

    /** Fresh weights for every network and fresh Adam states for {@code seed}; back to step 0 of stage 1. */
    void reset(long seed) {
        try (TInt64 key = TInt64.scalarOf(RandomStreams.mix(seed, INIT_PURPOSE))) {
            session.runner().feed(initKey, key).addTarget(reset).run().close();
        }
    }

    /** Stage 1: the latent discriminator's step, then the VAEs' step, which counts as the step. */
    TripletLosses trainVaes(TripletBatch batch, TripletWeights lossWeights, float rate, long noise) {
        try (Feeds feeds = new Feeds(batch, lossWeights, rate, noise)) {
            feeds.into(session.runner()).addTarget(latentJudgeStep).run().close();
            return losses(1, feeds.into(session.runner()).addTarget(vaeStep));
        }
    }

    /** Stage 2: the image discriminator's step, then the mapping's step (the VAEs stay as they are). */
    TripletLosses trainMapping(TripletBatch batch, TripletWeights lossWeights, float rate) {
        try (Feeds feeds = new Feeds(batch, lossWeights, rate, 0)) {
            feeds.into(session.runner()).addTarget(imageJudgeStep).run().close();
            return losses(2, feeds.into(session.runner()).addTarget(mappingStep));
        }
    }

    /** The terms of {@code stage} on a batch, without a step. */
    TripletLosses evaluate(int stage, TripletBatch batch, TripletWeights lossWeights) {
        try (Feeds feeds = new Feeds(batch, lossWeights, 1e-3f, 0)) {
            return losses(stage, feeds.into(session.runner()));
        }
    }

    private TripletLosses losses(int stage, Session.Runner runner) {
        List<Operand<TFloat32>> terms = stage == 1 ? stageOneTerms : stageTwoTerms;
        terms.forEach(runner::fetch);
        runner.fetch(stage == 1 ? vaeLoss : mappingLoss);
        try (Result result = runner.run()) {
            double[] v = new double[terms.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((TFloat32) result.get(i)).getFloat();
            }
            return TripletLosses.of(stage, v, ((TFloat32) result.get(terms.size())).getFloat());
        }
    }

    /** Stage 2's restored synthetic old patches, G2(T(E1(x), m)). */
    Patches restoreSynthetic(TripletBatch batch) {
        try (Feeds feeds = new Feeds(batch, TripletWeights.paper(), 1e-3f, 0);
                Result result = feeds.into(session.runner()).fetch(restoredSynthetic).run()) {
            TFloat32 t = (TFloat32) result.get(0);
            Shape s = t.shape();
            float[] out = new float[Math.toIntExact(s.size())];
            t.copyTo(DataBuffers.of(out, false, false));
            return new Patches((int) s.get(0), (int) s.get(1), (int) s.get(3), out);
        }
    }

    /** Marks the end of stage 1 at the current step; saved with the rest, so a resumed run knows its stage. */
    void startMapping() {
        session.runner().addTarget(startMapping).run().close();
    }

    /** The step stage 2 started at, or -1 while in stage 1. */
    long mappingFrom() {
        return scalar(mappingFrom);
    }

    long steps() {
        return scalar(step);
    }

    private long scalar(Variable<TInt64> variable) {
        try (Result result = session.runner().fetch(variable).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }

    /** A SavedModel of the whole state (every network, every Adam, the step, the stage); its signature restores. */
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

    TripletShape shape() {
        return shape;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }

    /** One step's input tensors, closed together. */
    private final class Feeds implements AutoCloseable {
        private final TFloat32 r;
        private final TFloat32 x;
        private final TFloat32 y;
        private final TFloat32 m;
        private final TFloat32 w;
        private final TFloat32 lr;
        private final TInt64 key;

        Feeds(TripletBatch batch, TripletWeights lossWeights, float rate, long noise) {
            r = tensor(batch.realOld());
            x = tensor(batch.syntheticOld());
            y = tensor(batch.clean());
            m = tensor(batch.mask());
            w = TFloat32.vectorOf(lossWeights.asArray());
            lr = TFloat32.scalarOf(rate);
            key = TInt64.scalarOf(noise);
        }

        Session.Runner into(Session.Runner runner) {
            return runner.feed(realOld, r).feed(syntheticOld, x).feed(clean, y).feed(mask, m).feed(weights, w)
                    .feed(learningRate, lr).feed(noiseKey, key);
        }

        private static TFloat32 tensor(Patches patches) {
            return TFloat32.tensorOf(Shape.of(patches.shape()), DataBuffers.of(patches.pixels(), true, false));
        }

        @Override
        public void close() {
            for (TFloat32 t : List.of(r, x, y, m, w, lr)) {
                t.close();
            }
            key.close();
        }
    }
}
