package dev.revive.worker.job;

import dev.revive.model.StopReason;
import dev.revive.model.Task;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DeepImagePrior;
import dev.revive.worker.engine.dip.DipGraphCache;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.StoppingRule;
import dev.revive.worker.engine.dip.stop.StoppingRules;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.nn.SkipConfig;
import dev.revive.worker.engine.tile.TilePlan;
import dev.revive.worker.engine.tile.TileRestorer;
import dev.revive.worker.engine.tile.TiledRestoration;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores with per-request Deep Image Prior optimisation in TensorFlow, with each task's reference network,
 * in overlapping tiles when the result is larger than one optimisation may cover. It keeps the last two graphs,
 * so a run of same-sized photos (and every tile of one photo, and both networks of an old photo) pays each graph
 * build (2-10 s) once; it frees them at shutdown.
 */
@ApplicationScoped
@LookupIfProperty(name = WorkerConfig.ENGINE, stringValue = "dip", lookupIfMissing = true)
public class DipRestorer implements Restorer {
    /**
     * The narrowest widest level at which the automatic precision uses bfloat16. Narrower networks are memory-bound,
     * and the rewrite's casts cost more than its multiplies save: at 512x512 on the AVX-512 bf16 host a step took
     * 0.46 s against 0.24 s in float32 at width 8, 0.58 against 0.52 at 32, and 1.11 against 1.44 at 64
     * ({@code bench/skipnet --size 512 --channels N [--fp32]}).
     */
    static final int BFLOAT16_MIN_WIDTH = 64;

    private final DipGraphCache graphs = new DipGraphCache();
    private final DeepImagePrior dip;
    private final DeepImagePrior float32;
    private final WorkerConfig config;

    public DipRestorer(WorkerConfig config) {
        this.config = config;
        SessionOptions options = sessionOptions(config.cpuPrecision());
        this.dip = new DeepImagePrior(options, graphs);
        this.float32 = new DeepImagePrior(options.withCpuBfloat16(false), graphs);
    }

    static SessionOptions sessionOptions(WorkerConfig.CpuPrecision precision) {
        SessionOptions defaults = SessionOptions.defaults();
        return switch (precision) {
            case AUTO -> defaults;
            case FLOAT32 -> defaults.withCpuBfloat16(false);
            case BFLOAT16 -> defaults.withCpuBfloat16(true);
        };
    }

    /** Whether the automatic precision keeps {@code network} in float32 although the CPU has bfloat16. */
    static boolean narrow(WorkerConfig.CpuPrecision precision, SkipConfig network) {
        return precision == WorkerConfig.CpuPrecision.AUTO && network.widest() < BFLOAT16_MIN_WIDTH;
    }

    @Override
    public Restoration restore(Task task, Observation observation, DipSettings settings, Integer channels,
            ProgressListener progress, CancellationSignal cancellation) {
        SkipConfig network = TaskNetworks.forTask(task, observation);
        SkipConfig chosen = channels == null ? network : network.withChannels(channels);
        DeepImagePrior dip = narrow(config.cpuPrecision(), chosen) ? float32 : this.dip;
        TilePlan plan = TilePlan.forBudget(observation.outputWidth(), observation.outputHeight(), observation.scale(),
                config.tilePixels(), config.tileOverlap(), chosen.sizeDivisor());
        if (plan.single()) {
            return dip.restore(observation, chosen, settings, () -> stoppingRule(settings), progress,
                    cancellation);
        }
        DipSettings perTile = settings.timeLimit() == null ? settings
                : settings.withTimeLimit(settings.timeLimit().dividedBy(plan.tileCount()));
        List<Restoration> tiles = new ArrayList<>();
        TileRestorer fit = (tile, tileProgress, tileCancellation) -> {
            Restoration restored = dip.restore(tile, chosen, perTile, () -> stoppingRule(perTile), tileProgress,
                    tileCancellation);
            tiles.add(restored);
            return restored.image();
        };
        Image image = task == Task.INPAINT || task == Task.OLD_PHOTO
                ? TiledRestoration.fill(observation, plan, fit, progress, cancellation)
                : TiledRestoration.restore(observation, plan, fit, progress, cancellation);
        return summary(image, tiles);
    }

    /** A fresh rule per optimisation (rules keep state); only when the request asked for an automatic stop. */
    private static StoppingRule stoppingRule(DipSettings settings) {
        return settings.autoStop() ? StoppingRules.forDenoising() : StoppingRule.NEVER;
    }

    /**
     * One account of a tiled restoration: the steps of its longest tile, the time limit if any tile hit it,
     * else the automatic stop only if every tile stopped so; no steps at all when every tile was skipped (an
     * inpainting without a hole).
     */
    private static Restoration summary(Image image, List<Restoration> tiles) {
        if (tiles.isEmpty()) {
            return new Restoration(image, 0, StopReason.ITERATIONS, 0);
        }
        int iterations = tiles.stream().mapToInt(Restoration::iterations).max().orElse(0);
        int recoveries = tiles.stream().mapToInt(Restoration::divergenceRecoveries).sum();
        StopReason reason = tiles.stream().anyMatch(t -> t.stopReason() == StopReason.TIME_LIMIT)
                ? StopReason.TIME_LIMIT
                : tiles.stream().allMatch(t -> t.stopReason() == StopReason.AUTO) ? StopReason.AUTO
                : StopReason.ITERATIONS;
        return new Restoration(image, iterations, reason, recoveries);
    }

    @PreDestroy
    void releaseGraphs() {
        graphs.close();
    }
}
