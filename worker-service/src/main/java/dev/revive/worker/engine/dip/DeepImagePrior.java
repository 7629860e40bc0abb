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
    private final SessionOptions sessionOptions;
    private final DipGraphCache graphs;

    /** The paper's reference network; builds a graph per job and keeps none. */
    public DeepImagePrior() {
        this(SkipConfig::reference);
    }

    /** @param networkForChannels the network to fit an image with this many channels */
    public DeepImagePrior(IntFunction<SkipConfig> networkForChannels) {
        this(networkForChannels, SessionOptions.defaults(), null);
    }

    /**
     * @param networkForChannels the network to fit an image with this many channels
     * @param sessionOptions threads and hardware switches of every graph's session
     * @param graphs keeps the last graph for the next job of the same shape; null builds one per
     *     job. The caller owns it and closes it.
     */
    public DeepImagePrior(IntFunction<SkipConfig> networkForChannels, SessionOptions sessionOptions,
            DipGraphCache graphs) {
        this.networkForChannels = networkForChannels;
        this.sessionOptions = sessionOptions;
        this.graphs = graphs;
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
        int height = padded.padded().height();
        int width = padded.padded().width();
        if (graphs == null) {
            try (DipGraph<DenoisingTerm> graph =
                    DipGraph.forDenoising(height, width, config, sessionOptions)) {
                return fit(graph, padded, settings, progress, cancellation);
            }
        }
        DipGraph<DenoisingTerm> graph = graphs.take(height, width, config, sessionOptions);
        boolean reusable = false;
        try {
            Image result = fit(graph, padded, settings, progress, cancellation);
            reusable = true;
            return result;
        } catch (RestorationCancelledException e) {
            reusable = true;
            throw e;
        } finally {
            if (reusable) {
                graphs.giveBack(graph);
            } else {
                graph.close();
            }
        }
    }

    private static Image fit(DipGraph<DenoisingTerm> graph, PaddedImage padded, DipSettings settings,
            ProgressListener progress, CancellationSignal cancellation) {
        graph.reset(settings);
        graph.dataTerm().load(graph.session(), padded.padded().pixels(), padded.mask());
        optimise(graph, settings, progress, cancellation);
        return padded.crop(graph.averagedOutput());
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
