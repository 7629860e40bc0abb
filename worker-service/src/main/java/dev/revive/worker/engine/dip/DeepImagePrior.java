package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.SkipConfig;

/**
 * Deep Image Prior (Ulyanov et al.): fit a randomly initialised network, fed a fixed random code
 * (or a guide image), so that its output explains the degraded photo. The network's structure
 * reproduces image content long before noise, so stopping early and averaging the outputs gives
 * the restoration. No training data is involved. Every task of the paper is one
 * {@link Observation} and one {@link SkipConfig}.
 */
public final class DeepImagePrior {

    private final SessionOptions sessionOptions;
    private final DipGraphCache graphs;

    /** Default sessions; builds a graph per job and keeps none. */
    public DeepImagePrior() {
        this(SessionOptions.defaults(), null);
    }

    /**
     * @param sessionOptions threads and hardware switches of every graph's session
     * @param graphs keeps the last graph for the next job of the same shape; null builds one per
     *     job. The caller owns it and closes it.
     */
    public DeepImagePrior(SessionOptions sessionOptions, DipGraphCache graphs) {
        this.sessionOptions = sessionOptions;
        this.graphs = graphs;
    }

    /**
     * Restores {@code observation} (any size, gray or RGB) with {@code network}.
     *
     * @param stoppingRule consulted after every step when {@code settings.autoStop()}
     * @throws IllegalArgumentException when the network does not fit the observation: it must make
     *     the observation's channels and take the guide's (or any code depth without a guide)
     * @throws RestorationCancelledException when {@code cancellation} fires before the last step
     */
    public Restoration restore(Observation observation, SkipConfig network, DipSettings settings,
            StoppingRule stoppingRule, ProgressListener progress, CancellationSignal cancellation) {
        check(observation, network);
        PaddedObservation padded = PaddedObservation.of(observation, network);
        DipGraphKey key = padded.graphKey(network, sessionOptionsFor(observation));
        if (graphs == null) {
            try (DipGraph graph = DipGraph.build(key)) {
                return fit(graph, padded, settings, stoppingRule, progress, cancellation);
            }
        }
        DipGraph graph = graphs.take(key);
        boolean reusable = false;
        try {
            Restoration result = fit(graph, padded, settings, stoppingRule, progress, cancellation);
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

    /** Denoises {@code noisy} with the paper's network and settings as given; see {@link #restore}. */
    public Image denoise(Image noisy, DipSettings settings, ProgressListener progress,
            CancellationSignal cancellation) {
        return restore(Observation.noisy(noisy), SkipConfig.denoising(noisy.channels()), settings,
                StoppingRule.NEVER, progress, cancellation).image();
    }

    private static void check(Observation observation, SkipConfig network) {
        if (network.outputChannels() != observation.degraded().channels()) {
            throw new IllegalArgumentException("network makes " + network.outputChannels()
                    + " channels for a " + observation.degraded().channels() + "-channel image");
        }
        if (observation.guide() != null
                && network.inputChannels() != observation.guide().channels()) {
            throw new IllegalArgumentException("network takes " + network.inputChannels()
                    + " input channels but the guide has " + observation.guide().channels());
        }
    }

    private static Restoration fit(DipGraph graph, PaddedObservation padded, DipSettings settings,
            StoppingRule stoppingRule, ProgressListener progress, CancellationSignal cancellation) {
        graph.reset(settings);
        graph.loadObservation(padded.observed().padded().pixels(), padded.mask());
        if (padded.guide() != null) {
            graph.loadInput(padded.guide());
        }
        OptimisationLoop.Outcome outcome = OptimisationLoop.run(graph, settings, stoppingRule,
                progress, cancellation, padded::crop);
        return new Restoration(padded.crop(graph.averagedOutput()), outcome.iterations(),
                outcome.stopReason(), outcome.divergenceRecoveries());
    }

    /**
     * A guided fit runs in float32: under the bfloat16 rewrite the flash-guided network's loss went
     * NaN within its first steps on 9 of 16 runs (seeds 1-6 at lr 0.1, 1-5 at 0.03 and at 0.05, on
     * an AMD EPYC with AVX-512 bf16) and the guard could only roll it back to its starting point;
     * float32 had none. The other tasks' networks showed no such failure under bf16.
     */
    private SessionOptions sessionOptionsFor(Observation observation) {
        return observation.guide() == null ? sessionOptions : sessionOptions.withCpuBfloat16(false);
    }
}
