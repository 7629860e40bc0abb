package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.SkipConfig;
import java.time.Duration;
import java.util.function.Supplier;

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
     * @throws DivergenceException when the fit kept diverging
     */
    public Restoration restore(Observation observation, SkipConfig network, DipSettings settings,
            StoppingRule stoppingRule, ProgressListener progress, CancellationSignal cancellation) {
        check(observation, network);
        PaddedObservation padded = PaddedObservation.of(observation, network);
        return fit(padded, padded.graphKey(network, sessionOptionsFor(observation)), settings, stoppingRule,
                progress, cancellation);
    }

    /**
     * As {@link #restore(Observation, SkipConfig, DipSettings, StoppingRule, ProgressListener,
     * CancellationSignal)}, but a fit that diverges beyond rescue under bfloat16 is run once more
     * from the start in float32 rather than failing the job: the rewrite's rounding is the likeliest
     * cause, and float32 costs at most twice the time. The rerun gets a fresh rule from
     * {@code stoppingRules} (rules keep state) and what is left of the time limit; the result
     * counts the recoveries of both runs, so a fallback shows as at least
     * {@link DivergenceGuard#MAX_RECOVERIES} of them.
     */
    public Restoration restore(Observation observation, SkipConfig network, DipSettings settings,
            Supplier<StoppingRule> stoppingRules, ProgressListener progress, CancellationSignal cancellation) {
        check(observation, network);
        PaddedObservation padded = PaddedObservation.of(observation, network);
        SessionOptions options = sessionOptionsFor(observation);
        long start = System.nanoTime();
        try {
            return fit(padded, padded.graphKey(network, options), settings, stoppingRules.get(), progress,
                    cancellation);
        } catch (DivergenceException e) {
            Duration left = settings.timeLimit() == null ? null
                    : settings.timeLimit().minusNanos(System.nanoTime() - start);
            if (!options.cpuBfloat16() || (left != null && (left.isNegative() || left.isZero()))) {
                throw e;
            }
            DipSettings rest = left == null ? settings : settings.withTimeLimit(left);
            Restoration rerun = fit(padded, padded.graphKey(network, options.withCpuBfloat16(false)), rest,
                    stoppingRules.get(), progress, cancellation);
            return new Restoration(rerun.image(), rerun.iterations(), rerun.stopReason(),
                    e.recoveries() + rerun.divergenceRecoveries());
        }
    }

    private Restoration fit(PaddedObservation padded, DipGraphKey key, DipSettings settings,
            StoppingRule stoppingRule, ProgressListener progress, CancellationSignal cancellation) {
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
     * Guided and gray fits run in float32. Under the bfloat16 rewrite the flash-guided network's
     * loss went NaN within its first steps on 9 of 16 runs (seeds 1-6 at lr 0.1, 1-5 at 0.03 and at
     * 0.05, on an AMD EPYC with AVX-512 bf16) and the guard could only roll it back to its starting
     * point; float32 had none. One-channel denoising diverged past rescue (30 recoveries, steps
     * 246-339) on 64x64 gray crops of barbara and F16 on the same CPU, where the same crops in
     * colour, or gray in float32 (31.3 dB on barbara), were fine.
     */
    private SessionOptions sessionOptionsFor(Observation observation) {
        boolean float32 = observation.guide() != null || observation.degraded().channels() == 1;
        return float32 ? sessionOptions.withCpuBfloat16(false) : sessionOptions;
    }
}
