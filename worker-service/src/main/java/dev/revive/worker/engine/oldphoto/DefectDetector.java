package dev.revive.worker.engine.oldphoto;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.PaddedImage;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.selfsup.ModelInfo;
import dev.revive.worker.engine.selfsup.UNetConfig;
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
 * A trained defect detector applied to photos of any size: the probability that each pixel is a
 * scratch, speck, spot or fold. Large photos go through in tiles whose borders are thrown away:
 * each tile keeps only the pixels at least a margin (wider than the network's receptive field)
 * from its cut edges, and tiles start on the pooling grid, so a tiled result is the whole-photo
 * result without any blending.
 */
public final class DefectDetector implements AutoCloseable {

    /** The probability from which a pixel counts as a defect, unless a request says otherwise. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final int MIN_TILE_SIDE = 256;
    private static final int MAX_TILE_SIDE = 1024;

    private final SessionFunction function;
    private final UNetConfig network;
    private final AutoCloseable owned;

    DefectDetector(SessionFunction function, UNetConfig network, AutoCloseable owned) {
        this.function = function;
        this.network = network;
        this.owned = owned;
    }

    /**
     * Reads a detector saved by {@link DetectorModel#save}; close it to free its session.
     *
     * @throws IllegalArgumentException when {@code dir} holds no saved detector
     */
    public static DefectDetector load(Path dir, SessionOptions sessionOptions) {
        ModelInfo info = ModelInfo.read(dir);
        if (!DetectorTrainer.METHOD.equals(info.method())) {
            throw new IllegalArgumentException("the model in " + dir + " was trained by " + info.method()
                    + "; it is not a defect detector");
        }
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("no SavedModel in " + dir);
        }
        SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
                .withConfigProto(sessionOptions.withCpuBfloat16(false).toConfigProto()).load();
        return new DefectDetector(bundle.function(Signature.DEFAULT_KEY), info.network(), bundle);
    }

    /**
     * The tile side for a restoration tile budget of {@code tilePixels}: twice the restoration tile's side, at
     * most 1024. A tile recomputes a margin at each cut edge (at 4000x3000, 512-pixel tiles compute 1.7 times the
     * photo's pixels, 1024-pixel ones 1.3 times), but larger tiles cost more memory and run slower a pixel: on a
     * 4000x3000 scan 1024 took 28 s against 34 s for 512 and 35 s for 2048, at a peak RSS of 1.7, 1.1 and 4.6 GB.
     */
    public static int tileSide(long tilePixels) {
        return (int) Math.min(MAX_TILE_SIDE, Math.max(MIN_TILE_SIDE, 2 * Math.sqrt(tilePixels)));
    }

    /** Channels of the photos it was trained on; others are converted. */
    public int channels() {
        return network.channels();
    }

    /** Pixels a tile keeps away from its cut edges: beyond the receptive field of the U-Net. */
    public int margin() {
        return 16 << network.depth();
    }

    /** Per-pixel defect probability of the whole photo in one pass (memory grows with its area). */
    public Image probabilities(Image photo) {
        Image in = photo.withChannels(network.channels());
        PaddedImage padded = PaddedImage.reflect(in, network.acceptedSize(in.width()),
                network.acceptedSize(in.height()));
        Image p = padded.padded();
        float[] out = new float[p.width() * p.height()];
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, p.height(), p.width(), p.channels()),
                        DataBuffers.of(p.pixels(), true, false));
                Result result = function.call(Map.<String, Tensor>of(DetectorGraph.INPUT, x))) {
            ((TFloat32) result.get(DetectorGraph.OUTPUT).orElseThrow())
                    .copyTo(DataBuffers.of(out, false, false));
        }
        float[] cropped = new float[in.width() * in.height()];
        for (int y = 0; y < in.height(); y++) {
            for (int xx = 0; xx < in.width(); xx++) {
                cropped[y * in.width() + xx] = Math.min(1f, Math.max(0f, out[y * p.width() + xx]));
            }
        }
        return new Image(in.width(), in.height(), 1, cropped);
    }

    /**
     * As {@link #probabilities(Image)}, in square tiles of about {@code tileSide} pixels, so memory
     * stays near one tile's whatever the photo's size.
     *
     * @param cancellation polled between tiles
     */
    public Image probabilities(Image photo, int tileSide, CancellationSignal cancellation) {
        int divisor = network.sizeDivisor();
        int margin = margin();
        int side = Math.max(2 * margin + divisor, tileSide / divisor * divisor);
        if (photo.width() <= side && photo.height() <= side) {
            return probabilities(photo);
        }
        int[] xs = starts(photo.width(), side, margin);
        int[] ys = starts(photo.height(), side, margin);
        float[] out = new float[Math.toIntExact(photo.pixelCount())];
        for (int row = 0; row < ys.length; row++) {
            for (int column = 0; column < xs.length; column++) {
                if (cancellation.cancelled()) {
                    throw new RestorationCancelledException(row * xs.length + column);
                }
                int x0 = xs[column];
                int y0 = ys[row];
                int w = Math.min(side, photo.width() - x0);
                int h = Math.min(side, photo.height() - y0);
                Image tile = probabilities(photo.crop(x0, y0, w, h));
                int keepX0 = column == 0 ? 0 : margin;
                int keepX1 = column == xs.length - 1 ? w : side - margin;
                int keepY0 = row == 0 ? 0 : margin;
                int keepY1 = row == ys.length - 1 ? h : side - margin;
                for (int y = keepY0; y < keepY1; y++) {
                    System.arraycopy(tile.pixels(), y * w + keepX0, out,
                            (y0 + y) * photo.width() + x0 + keepX0, keepX1 - keepX0);
                }
            }
        }
        return new Image(photo.width(), photo.height(), 1, out);
    }

    /**
     * Tile starts along an axis: steps of {@code side - 2 margin}, so each tile's kept part begins
     * where the previous one's ends; the last tile reaches the end (and may be shorter).
     */
    static int[] starts(int length, int side, int margin) {
        if (length <= side) {
            return new int[] {0};
        }
        int step = side - 2 * margin;
        int count = 1 + (int) Math.ceil((double) (length - side) / step);
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = i * step;
        }
        return starts;
    }

    /** The mask of pixels whose probability reaches {@code threshold}: 1 defect, 0 sound. */
    public static Image threshold(Image probabilities, double threshold) {
        float[] p = probabilities.pixels();
        float[] mask = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            mask[i] = p[i] >= threshold ? 1f : 0f;
        }
        return new Image(probabilities.width(), probabilities.height(), 1, mask);
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the detector", e);
            }
        }
    }
}
