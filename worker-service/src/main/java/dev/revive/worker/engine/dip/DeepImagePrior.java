package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.SkipConfig;
import java.util.function.IntFunction;

/**
 * Deep Image Prior (Ulyanov et al.): fit a randomly initialised network, fed a fixed random code,
 * to the degraded image. The network's structure reproduces image content long before noise, so
 * stopping early and averaging the outputs gives the restoration. No training data is involved.
 */
public final class DeepImagePrior {

    private final IntFunction<SkipConfig> networkForChannels;

    /** The paper's reference network. */
    public DeepImagePrior() {
        this(SkipConfig::reference);
    }

    /** @param networkForChannels the network to fit an image with this many channels */
    public DeepImagePrior(IntFunction<SkipConfig> networkForChannels) {
        this.networkForChannels = networkForChannels;
    }

    /**
     * Denoises {@code noisy} (any size, gray or RGB).
     *
     * @throws RestorationCancelledException when {@code cancellation} fires before the last step
     */
    public Image denoise(Image noisy, DipSettings settings, ProgressListener progress,
            CancellationSignal cancellation) {
        SkipConfig config = networkForChannels.apply(noisy.channels());
        if (config.outputChannels() != noisy.channels()) {
            throw new IllegalArgumentException("network makes " + config.outputChannels()
                    + " channels for a " + noisy.channels() + "-channel image");
        }
        PaddedImage padded = PaddedImage.reflect(noisy,
                config.acceptedSize(noisy.width()), config.acceptedSize(noisy.height()));
        try (DipGraph<DenoisingTerm> graph =
                DipGraph.forDenoising(padded.padded().height(), padded.padded().width(), config)) {
            graph.reset(settings);
            graph.dataTerm().load(graph.session(), padded.padded().pixels(), padded.mask());
            optimise(graph, settings, progress, cancellation);
            return padded.crop(graph.averagedOutput());
        }
    }

    /** The loop shared by every task once its graph is reset and its observation loaded. */
    static void optimise(DipGraph<?> graph, DipSettings settings, ProgressListener progress,
            CancellationSignal cancellation) {
        int total = settings.iterations();
        for (int done = 0; done < total; done++) {
            if (cancellation.cancelled()) {
                throw new RestorationCancelledException(done);
            }
            boolean report = (done + 1) % settings.progressEvery() == 0 || done + 1 == total;
            double loss = graph.step(report);
            if (report) {
                progress.onProgress(new Progress(done + 1, total, loss));
            }
        }
    }
}
