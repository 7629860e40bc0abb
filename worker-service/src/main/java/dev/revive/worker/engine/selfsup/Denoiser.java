package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.PaddedImage;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.tile.TilePlan;
import dev.revive.worker.engine.tile.TiledRestoration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A trained denoiser applied to photos of any size: each is padded by reflection to what the
 * network takes, denoised in one pass and cropped back; photos larger than memory allows go
 * through the {@code tile} package. It is either the live network of a {@link TrainedModel} or a
 * SavedModel read back by {@link #load}.
 */
public final class Denoiser implements AutoCloseable {

    private final SessionFunction function;
    private final UNetConfig network;
    private final AutoCloseable owned;

    Denoiser(SessionFunction function, UNetConfig network, AutoCloseable owned) {
        this.function = function;
        this.network = network;
        this.owned = owned;
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
                .withConfigProto(sessionOptions.toConfigProto()).load();
        return new Denoiser(bundle.function(Signature.DEFAULT_KEY), info.network(), bundle);
    }

    /** {@code noisy} denoised in one pass (memory grows with its area). */
    public Image denoise(Image noisy) {
        if (noisy.channels() != network.channels()) {
            throw new IllegalArgumentException("this denoiser takes " + network.channels()
                    + "-channel images, got " + noisy.channels());
        }
        PaddedImage padded = PaddedImage.reflect(noisy, network.acceptedSize(noisy.width()),
                network.acceptedSize(noisy.height()));
        Image in = padded.padded();
        float[] out = new float[in.pixels().length];
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in.channels()),
                DataBuffers.of(in.pixels(), true, false));
                Result result = function.call(Map.<String, Tensor>of(DenoiserGraph.INPUT, x))) {
            ((TFloat32) result.get(DenoiserGraph.OUTPUT).orElseThrow())
                    .copyTo(DataBuffers.of(out, false, false));
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, out[i]));
        }
        return padded.crop(out);
    }

    /**
     * {@code noisy} denoised in overlapping tiles of at most {@code pixelsPerTile} pixels, blended
     * across {@code overlap} pixels, so memory stays near one tile's whatever the photo's size.
     */
    public Image denoise(Image noisy, long pixelsPerTile, int overlap) {
        TilePlan plan = TilePlan.forBudget(noisy.width(), noisy.height(), 1, pixelsPerTile, overlap,
                network.sizeDivisor());
        return TiledRestoration.restore(Observation.noisy(noisy), plan,
                (tile, progress, cancellation) -> denoise(tile.degraded()),
                ProgressListener.NONE, CancellationSignal.NEVER);
    }

    public UNetConfig network() {
        return network;
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
