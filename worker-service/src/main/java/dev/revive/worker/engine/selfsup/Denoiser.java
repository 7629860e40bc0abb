package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.PaddedImage;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.RandomStreams;
import dev.revive.worker.engine.tile.TilePlan;
import dev.revive.worker.engine.tile.TiledRestoration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A trained denoiser applied to photos of any size: each is padded by reflection to what the
 * network takes, denoised and cropped back; photos larger than memory allows go
 * through the {@code tile} package. It is either the live network of a {@link TrainedModel}, a
 * SavedModel read back by {@link #load}, or a user's own SavedModel ({@link #loadImported}) called
 * through its {@link ServingSignature}. A Self2Self model averages several passes ({@link Inference}). A model
 * whose signature takes a {@link #MASK} (the triplet network) is also fed the photo's defects, tiled with it.
 */
public final class Denoiser implements AutoCloseable {

    /**
     * The optional signature input of a restorer that treats defects apart (the triplet network's partial non-local
     * block): [N,H,W,1], 1 on a defect; a model without it is served the photo alone.
     */
    public static final String MASK = "mask";
    private static final long ENSEMBLE_PURPOSE = 4;

    private final SessionFunction function;
    private final ServingSignature serving;
    private final Inference inference;
    private final boolean ownGraph;
    private final boolean takesMask;
    private final AutoCloseable owned;

    Denoiser(SessionFunction function, UNetConfig network, Inference inference, AutoCloseable owned) {
        this(function, ServingSignature.of(network), inference, true, owned);
    }

    private Denoiser(SessionFunction function, ServingSignature serving, Inference inference, boolean ownGraph,
            AutoCloseable owned) {
        this.function = function;
        this.serving = serving;
        this.inference = inference;
        this.ownGraph = ownGraph;
        this.takesMask = ownGraph && function.signature().inputNames().contains(MASK);
        this.owned = owned;
    }

    /**
     * Reads a SavedModel exported elsewhere (tag {@code serve}) and calls it through {@code serving}, which the
     * import checks found; one plain pass per photo. Close it to free its session.
     */
    public static Denoiser loadImported(Path dir, ServingSignature serving, SessionOptions sessionOptions) {
        SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
                .withConfigProto(DenoiserGraph.sessionConfig(sessionOptions)).load();
        try {
            return new Denoiser(bundle.function(serving.signature()), serving, Inference.SINGLE, false, bundle);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /**
     * Reads a denoiser saved by {@link TrainedModel#save}; close it to free its session.
     *
     * @throws IllegalArgumentException when {@code dir} holds no saved denoiser
     */
    public static Denoiser load(Path dir, SessionOptions sessionOptions) {
        ModelInfo info = ModelInfo.read(dir);
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("no SavedModel in " + dir);
        }
        SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
                .withConfigProto(DenoiserGraph.sessionConfig(sessionOptions)).load();
        return new Denoiser(bundle.function(Signature.DEFAULT_KEY), info.network(), info.inference(),
                bundle);
    }

    /** {@code noisy} denoised in one go (memory grows with its area). */
    public Image denoise(Image noisy) {
        return denoise(noisy, null);
    }

    /**
     * {@code noisy} restored in one go, a model that {@link #takesMask() takes a mask} fed the defects of
     * {@code known} (HW, 0 on a defect; null: none); any other model ignores it.
     */
    public Image denoise(Image noisy, float[] known) {
        if (noisy.channels() != serving.channels()) {
            throw new IllegalArgumentException("this denoiser takes " + serving.channels()
                    + "-channel images, got " + noisy.channels());
        }
        PaddedImage padded = PaddedImage.reflect(noisy, serving.acceptedSize(noisy.width()),
                serving.acceptedSize(noisy.height()));
        Image in = padded.padded();
        float[] defects = takesMask ? defects(known, noisy, in) : null;
        float[] out = new float[in.pixels().length];
        for (int pass = 0; pass < inference.passes(); pass++) {
            float[] passOut = pass(in, masked(in.pixels(), pass), defects, pass);
            for (int i = 0; i < out.length; i++) {
                out[i] += passOut[i] / inference.passes();
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, out[i]));
        }
        return padded.crop(out);
    }

    /** The mask input: 1 where {@code known} is 0, padded by reflection as the photo is. */
    private static float[] defects(float[] known, Image photo, Image padded) {
        float[] defects = new float[Math.toIntExact(photo.pixelCount())];
        if (known != null) {
            if (known.length != defects.length) {
                throw new IllegalArgumentException("the mask has " + known.length + " samples for "
                        + defects.length + " pixels");
            }
            for (int i = 0; i < defects.length; i++) {
                defects[i] = known[i] > 0f ? 0f : 1f;
            }
        }
        return PaddedImage.reflect(new Image(photo.width(), photo.height(), 1, defects), padded.width(),
                padded.height()).padded().pixels();
    }

    /** The input of ensemble pass {@code pass}: Bernoulli-masked by a draw of its own. */
    private float[] masked(float[] pixels, int pass) {
        if (inference.keep() >= 1f) {
            return pixels;
        }
        SplittableRandom random = new SplittableRandom(RandomStreams.mix(pass, ENSEMBLE_PURPOSE));
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextFloat() < inference.keep() ? pixels[i] : 0f;
        }
        return out;
    }

    private float[] pass(Image shape, float[] input, float[] defects, int pass) {
        float white = serving.valueRange().max();
        float[] scaled = input;
        if (white != 1f) {
            scaled = new float[input.length];
            for (int i = 0; i < input.length; i++) {
                scaled[i] = input[i] * white;
            }
        }
        float[] out = new float[input.length];
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, shape.height(), shape.width(), shape.channels()),
                DataBuffers.of(scaled, true, false));
                TFloat32 drop = TFloat32.scalarOf(inference.dropout());
                TInt64 key = TInt64.scalarOf(pass);
                TFloat32 mask = defects == null ? null : TFloat32.tensorOf(Shape.of(1, shape.height(),
                        shape.width(), 1), DataBuffers.of(defects, true, false));
                Result result = function.call(feeds(x, drop, key, mask))) {
            TFloat32 y = (TFloat32) result.get(serving.output()).orElseThrow();
            if (y.shape().size() != out.length) {
                throw new IllegalStateException("the model returned " + y.shape() + " for an input of "
                        + x.shape());
            }
            y.copyTo(DataBuffers.of(out, false, false));
        }
        if (white != 1f) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= white;
            }
        }
        return out;
    }

    /** The signature's inputs: an import takes the photo alone, Revive's own models their extra inputs too. */
    private Map<String, Tensor> feeds(TFloat32 x, TFloat32 drop, TInt64 key, TFloat32 mask) {
        if (!ownGraph) {
            return Map.of(serving.input(), x);
        }
        Map<String, Tensor> feeds = new HashMap<>(Map.of(serving.input(), x, DenoiserGraph.DROPOUT, drop,
                DenoiserGraph.DROPOUT_KEY, key));
        if (mask != null) {
            feeds.put(MASK, mask);
        }
        return feeds;
    }

    /**
     * {@code noisy} denoised in overlapping tiles of at most {@code pixelsPerTile} pixels, blended
     * across {@code overlap} pixels, so memory stays near one tile's whatever the photo's size.
     *
     * @param cancellation polled between tiles
     * @throws dev.revive.worker.engine.dip.RestorationCancelledException when it fires
     */
    public Image denoise(Image noisy, long pixelsPerTile, int overlap,
            CancellationSignal cancellation) {
        return denoise(Observation.noisy(noisy), pixelsPerTile, overlap, cancellation);
    }

    /** As {@link #denoise(Image, long, int, CancellationSignal)}, each tile with its own part of the known mask. */
    public Image denoise(Observation photo, long pixelsPerTile, int overlap, CancellationSignal cancellation) {
        TilePlan plan = TilePlan.forBudget(photo.outputWidth(), photo.outputHeight(), 1, pixelsPerTile, overlap,
                serving.sideMultiple());
        return TiledRestoration.restore(photo, plan,
                (tile, progress, signal) -> denoise(tile.degraded(), tile.known()), ProgressListener.NONE,
                cancellation);
    }

    /** Whether the model takes the photo's defects ({@link #MASK}); the triplet network saved with it does. */
    public boolean takesMask() {
        return takesMask;
    }

    /** How the model is called: its tensors, channels, scale and sides. */
    public ServingSignature serving() {
        return serving;
    }

    /** Frees the loaded SavedModel; a trained model's own denoiser is freed with the model. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the denoiser", e);
            }
        }
    }
}
