package dev.revive.worker.engine.bench;

import dev.revive.model.RestorationOptions;
import dev.revive.model.Stopping;
import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DeepImagePrior;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.stop.StoppingRules;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Masks;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.Resampling;
import dev.revive.worker.job.JobRunner;
import dev.revive.worker.job.TaskNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The paper's experiments, run by the service's own code path (each task's network and default settings,
 * the automatic stop where it is the default) on crops that finish on a CPU, and written up next to the
 * paper's and the reference code's numbers in {@code docs/quality.md}.
 *
 * <p>Every step's estimate is scored against the clean picture, so that the report can say how far the
 * automatic stop's pick is from the best iterate; the rule itself never sees the clean picture.
 *
 * <p>Options (defaults): {@code --data DIR} (bench/data), {@code --out FILE} (docs/quality.md; figures
 * go next to it under {@code quality/}), {@code --size N} (128, the side of every crop),
 * {@code --only id,id} (all), {@code --denoise-steps N} (1500: past the automatic stop, to find the best),
 * {@code --inpaint-steps N} (1500 of the default 5000), {@code --seed N} (0), {@code --max-steps N} (no cap: a quick
 * look at every experiment, not the report's numbers), {@code --after-stop N} (run to the end: end N steps after
 * the automatic stop fired, enough to see the best iterate behind it on large images), and the session switches
 * of {@link BenchOptions}.
 */
public final class QualityReport {

    private static final double SIGMA_25 = 25 / 255.0;
    private static final long NOISE_SEED = 1;
    private static final int SR_FACTOR = 4;
    /** The crop the reference code was measured on (F16, rows and columns 192-319). */
    private static final int REFERENCE_CROP = 128;

    private QualityReport() {}

    public static void main(String[] args) throws IOException {
        List<String> tokens = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), tokens);
        Path data = Path.of("bench/data");
        Path out = Path.of("docs/quality.md");
        int size = REFERENCE_CROP;
        Set<String> only = null;
        int denoiseSteps = 1500;
        int inpaintSteps = 1500;
        long seed = 0;
        int maxSteps = Integer.MAX_VALUE;
        int runOn = -1;
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "--data" -> data = Path.of(tokens.get(++i));
                case "--out" -> out = Path.of(tokens.get(++i));
                case "--size" -> size = Integer.parseInt(tokens.get(++i));
                case "--only" -> only = Set.of(tokens.get(++i).split(","));
                case "--denoise-steps" -> denoiseSteps = Integer.parseInt(tokens.get(++i));
                case "--inpaint-steps" -> inpaintSteps = Integer.parseInt(tokens.get(++i));
                case "--seed" -> seed = Long.parseLong(tokens.get(++i));
                case "--max-steps" -> maxSteps = Integer.parseInt(tokens.get(++i));
                case "--after-stop" -> runOn = Integer.parseInt(tokens.get(++i));
                default -> throw new IllegalArgumentException("unknown argument " + tokens.get(i)
                        + "; use [--data DIR] [--out FILE] [--size N] [--only id,id] [--denoise-steps N]"
                        + " [--inpaint-steps N] [--seed N] [--max-steps N] [--after-stop N] "
                        + BenchOptions.USAGE);
            }
        }
        List<Experiment> experiments = experiments(data, size, denoiseSteps, inpaintSteps, only);
        List<Outcome> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        for (Experiment experiment : experiments) {
            outcomes.add(run(experiment.cappedAt(maxSteps), seed, session, runOn));
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        QualityDoc.write(out, outcomes, size, seed, BenchOptions.describe(session), minutes);
        System.out.printf("wrote %s in %.1f min%n", out, minutes);
    }

    /** The experiments named in {@code only} (all when null), prepared in the report's order. */
    static List<Experiment> experiments(Path data, int size, int denoiseSteps, int inpaintSteps, Set<String> only)
            throws IOException {
        List<Experiment> list = new ArrayList<>();
        Predicate<String> wanted = id -> only == null || only.contains(id);

        if (wanted.test("denoise-f16")) {
            Image f16 = read(data.resolve("F16_GT.png")).centreCrop(size);
            Image noisy = Noise.addGaussian(f16, SIGMA_25, NOISE_SEED);
            list.add(new Experiment("denoise-f16", "F16, centre " + size + "x" + size + ", Gaussian noise sigma 25",
                    Task.DENOISE, Observation.noisy(noisy), noisy, f16, null, null, denoiseSteps,
                    "29.22 dB at 1800 steps, 30.43 dB averaged (nine colour images, whole)",
                    size != REFERENCE_CROP ? null
                            : "30.15 dB averaged at ~805 steps, 27.9 raw at ~614, from 20.32 (this crop, PyTorch, CPU)"));
        }

        if (wanted.test("sr-zebra-x4")) {
            Image zebra = read(data.resolve("zebra_GT.png")).centreCrop(size);
            Image small = Resampling.lanczosDownsample(zebra, SR_FACTOR);
            list.add(new Experiment("sr-zebra-x4", "zebra, centre " + size + "x" + size + ", reduced x4 (Lanczos-3)",
                    Task.SUPER_RESOLVE, Observation.lowResolution(small, SR_FACTOR),
                    Resampling.nearestUpsample(small, SR_FACTOR), zebra, Resampling.bicubicUpsample(small, SR_FACTOR),
                    "bicubic", defaultSteps(Task.SUPER_RESOLVE, SR_FACTOR),
                    "x4: 29.90 dB on Set5, 27.00 dB on Set14 (zebra is one of Set14; whole images)", null));
        }

        if (wanted.test("inpaint-kate-text")) {
            Image kate = read(data.resolve("kate.png")).centreCrop(size);
            Image kateMask = read(data.resolve("kate_mask.png")).centreCrop(size);
            float[] text = Masks.known(ImageCodec.encodePng(kateMask, null, 8), size, size);
            Image holed = holed(kate, text);
            list.add(new Experiment("inpaint-kate-text", "kate, centre " + size + "x" + size + ", text mask",
                    Task.INPAINT, Observation.withHoles(holed, text), holed, kate, null, null, inpaintSteps,
                    "figure only (text inpainting of this picture); no number published", null));
        }

        if (wanted.test("restore-barbara-50")) {
            Image barbara = read(data.resolve("barbara.png")).centreCrop(size);
            float[] half = dropped(size * size, 0.5, NOISE_SEED);
            Image sparse = holed(barbara, half);
            list.add(new Experiment("restore-barbara-50", "Barbara, centre " + size + "x" + size
                    + ", 50% of pixels dropped at random", Task.INPAINT, Observation.withHoles(sparse, half), sparse,
                    barbara, null, null, inpaintSteps, "32.22 dB (whole 512x512 image)", null));
        }

        if (wanted.test("dejpeg-snail")) {
            Image snail = read(data.resolve("snail.jpg")).centreCrop(size);
            list.add(new Experiment("dejpeg-snail", "snail, centre " + size + "x" + size + ", the paper's JPEG",
                    Task.DEJPEG, Observation.noisy(snail), snail, null, null, null, defaultSteps(Task.DEJPEG, null),
                    "figure only; no clean original exists", null));
        }

        if (wanted.test("flash-cave01")) {
            Image noFlash = read(data.resolve("cave01_01_noflash.jpg")).centreCrop(size);
            Image flash = read(data.resolve("cave01_00_flash.jpg")).centreCrop(size);
            list.add(new Experiment("flash-cave01", "cave01, centre " + size + "x" + size + ", flash shot as guide",
                    Task.FLASH_GUIDED, Observation.guidedBy(noFlash, flash), noFlash, null, flash, "flash shot",
                    defaultSteps(Task.FLASH_GUIDED, null), "figure only; no ground truth exists", null));
        }
        return list;
    }

    static Outcome run(Experiment experiment, long seed, SessionOptions session, int runOn) {
        Task task = experiment.task();
        Observation observation = experiment.observation();
        RestorationOptions options = defaults(task, observation.scale() > 1 ? observation.scale() : null);
        DipSettings settings = JobRunner.settings(options, Duration.ofDays(1))
                .withSeed(seed).withIterations(experiment.steps()).withAutoStop(true).withPreviewEvery(1)
                .withTimeLimit(null);
        IterateTracker tracker = new IterateTracker(experiment.clean());
        RecordingRule rule = new RecordingRule(StoppingRules.forDenoising(), tracker::ruleStopped, runOn);
        System.out.printf("%s: %s, %d steps (default %d, %s)%n", experiment.id(), experiment.title(),
                experiment.steps(), options.iterations(), options.stop().wireName());
        long start = System.nanoTime();
        Restoration restoration = new DeepImagePrior(session, null).restore(observation,
                TaskNetworks.forTask(task, observation), settings, rule, tracker, CancellationSignal.NEVER);
        double perStep = (System.nanoTime() - start) / 1e9 / restoration.iterations();
        Outcome outcome = new Outcome(experiment, options.stop() == Stopping.AUTO, options.iterations(),
                restoration.iterations(), restoration.image(), tracker, perStep);
        print(outcome);
        return outcome;
    }

    private static void print(Outcome o) {
        Experiment e = o.experiment();
        IterateTracker t = o.tracker();
        String pick = t.picked() == null ? "none" : String.valueOf(t.pickedIteration());
        if (e.clean() == null) {
            System.out.printf("%s: rule_pick=%s s_per_step=%.3f (no ground truth)%n", e.id(), pick,
                    o.secondsPerStep());
            return;
        }
        Image result = o.serviceResult();
        System.out.printf("%s: input_psnr=%.2f%s result_psnr=%s at %d best_psnr=%.2f at %d rule_pick=%s%s"
                + " s_per_step=%.3f%n", e.id(), o.psnr(e.shownInput()),
                e.baseline() == null ? "" : String.format(" %s_psnr=%.2f", e.baselineName(), o.psnr(e.baseline())),
                result == null ? "none" : String.format("%.2f", o.psnr(result)), o.serviceIteration(),
                o.psnr(t.best()), t.bestIteration(), pick,
                t.picked() == null ? "" : String.format(" (%.2f)", o.psnr(t.picked())), o.secondsPerStep());
    }

    private static int defaultSteps(Task task, Integer scale) {
        return defaults(task, scale).iterations();
    }

    private static RestorationOptions defaults(Task task, Integer scale) {
        return RestorationOptions.defaultsFor(task, scale).resolve(task, "quality-report");
    }

    private static Image read(Path file) throws IOException {
        return ImageCodec.decode(Files.readAllBytes(file)).color();
    }

    /** The picture with its unknown pixels black, as the paper shows inpainting inputs. */
    private static Image holed(Image image, float[] known) {
        float[] pixels = image.pixels().clone();
        int channels = image.channels();
        for (int i = 0; i < known.length; i++) {
            for (int c = 0; c < channels; c++) {
                pixels[i * channels + c] *= known[i];
            }
        }
        return new Image(image.width(), image.height(), channels, pixels);
    }

    /** Each pixel known with probability 1 - share, by a seeded generator (the paper's "restoration"). */
    private static float[] dropped(int pixels, double share, long seed) {
        Random random = new Random(seed);
        float[] known = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            known[i] = random.nextDouble() < share ? 0f : 1f;
        }
        return known;
    }
}
