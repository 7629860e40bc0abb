package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.nn.Adam;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import dev.revive.worker.engine.unpaired.LossListener;
import dev.revive.worker.engine.unpaired.Losses;
import dev.revive.worker.engine.unpaired.UnpairedData;
import dev.revive.worker.engine.unpaired.UnpairedMethod;
import dev.revive.worker.engine.unpaired.UnpairedModel;
import dev.revive.worker.engine.unpaired.UnpairedShape;
import dev.revive.worker.engine.unpaired.UnpairedTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpaired restoration on the noisy crops of {@code bench/selfsup-quality} (the same four 96x96 centre crops, the
 * same sigma-25 noise), against a disjoint clean pile: the four corners of each photo (no pixel of a test crop)
 * and the flash photo of the cave. Written to {@code docs/quality-unpaired.md} by {@link UnpairedQualityDoc}, next
 * to the other methods' numbers from their own report; then a few steps of the paper's network size, timed, for
 * the full-scale estimate.
 *
 * <p>Options (defaults): {@code --data DIR} (bench/data), {@code --out FILE} (docs/quality-unpaired.md),
 * {@code --crop N} (96), {@code --steps N} (1500), {@code --minutes N} (25, a cap on training), {@code --patch N}
 * (48), {@code --batch N} (8), {@code --width N} (16), {@code --depth N} (1), {@code --lr X} (0.0004),
 * {@code --seed N} (0), {@code --paper-steps N} (3, 0 to skip), {@code --betas B1,B2} (0.9,0.999), and the session switches of {@link BenchOptions}
 * (training runs in float32 whatever they say).
 */
public final class UnpairedQuality {

    /** Side of each corner crop of the clean pile: clear of a centre crop of up to 512 - 2 * 160 = 192. */
    static final int CORNER = 160;
    static final String CLEAN_PHOTO = "cave01_00_flash.jpg";

    private UnpairedQuality() {}

    record Setup(int crop, TrainingSettings settings, UnpairedShape shape, Adam.Betas betas, int cleanImages,
            String session,
            String command) {
    }

    /** One report of the loss terms. */
    record Report(int step, Losses losses, double seconds) {
    }

    /**
     * @param restored      the restored crop per photo
     * @param paperStepSeconds seconds a step of the paper's network size took here (NaN when not timed)
     */
    record Result(List<Image> restored, List<Report> reports, long steps, double trainSeconds, double cropSeconds,
            double paperStepSeconds, int paperSteps) {
    }

    public static void main(String[] args) throws IOException {
        List<String> tokens = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), tokens);
        Path data = Path.of("bench/data");
        Path out = Path.of("docs/quality-unpaired.md");
        int crop = 96;
        int depth = 1;
        int width = 16;
        int minutes = 25;
        int paperSteps = 3;
        UnpairedMethod method = UnpairedMethod.paper();
        TrainingSettings settings = TrainingSettings.defaults().withPatch(48, 8).withMaxSteps(1500)
                .withLearningRate(4e-4f).withProgressEvery(50);
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "--data" -> data = Path.of(tokens.get(++i));
                case "--out" -> out = Path.of(tokens.get(++i));
                case "--crop" -> crop = Integer.parseInt(tokens.get(++i));
                case "--steps" -> settings = settings.withMaxSteps(Integer.parseInt(tokens.get(++i)));
                case "--minutes" -> minutes = Integer.parseInt(tokens.get(++i));
                case "--patch" -> settings = settings.withPatch(Integer.parseInt(tokens.get(++i)),
                        settings.batchSize());
                case "--batch" -> settings = settings.withPatch(settings.patchSize(), Integer.parseInt(tokens.get(++i)));
                case "--width" -> width = Integer.parseInt(tokens.get(++i));
                case "--depth" -> depth = Integer.parseInt(tokens.get(++i));
                case "--lr" -> settings = settings.withLearningRate(Float.parseFloat(tokens.get(++i)));
                case "--seed" -> settings = settings.withSeed(Long.parseLong(tokens.get(++i)));
                case "--paper-steps" -> paperSteps = Integer.parseInt(tokens.get(++i));
                case "--betas" -> {
                    String[] betas = tokens.get(++i).split(",");
                    method = method.withBetas(new Adam.Betas(Float.parseFloat(betas[0]), Float.parseFloat(betas[1])));
                }
                default -> throw new IllegalArgumentException("unknown argument " + tokens.get(i)
                        + "; use [--data DIR] [--out FILE] [--crop N] [--steps N] [--minutes N] [--patch N]"
                        + " [--batch N] [--width N] [--depth N] [--lr X] [--seed N] [--paper-steps N] [--betas B1,B2] "
                        + BenchOptions.USAGE);
            }
        }
        settings = settings.withMaxTime(Duration.ofMinutes(minutes));
        List<SelfSupervisedQuality.Photo> photos = SelfSupervisedQuality.photos(data, crop);
        List<Image> clean = cleanPile(data);
        UnpairedShape shape = new UnpairedShape(depth, width, 3);
        Setup setup = new Setup(crop, settings, shape, method.betas(), clean.size(), BenchOptions.describe(session),
                System.getenv().getOrDefault("REVIVE_BENCH_COMMAND",
                        UnpairedQuality.class.getSimpleName() + " " + String.join(" ", args)));
        System.out.printf("photos=%d crop=%d clean=%d steps=%d patch=%d batch=%d network=%dx%d lr=%s%n",
                photos.size(), crop, clean.size(), settings.maxSteps(), settings.patchSize(), settings.batchSize(),
                depth, width, settings.learningRate());
        long start = System.nanoTime();
        Result result = run(photos, clean, shape, method, settings, session, paperSteps);
        double total = (System.nanoTime() - start) / 60e9;
        UnpairedQualityDoc.write(out, setup, photos, result, total);
        System.out.printf("wrote %s in %.1f min%n", out, total);
    }

    /** The four corners of every test photo and the cave's flash photo: clean, and no pixel of a test crop. */
    static List<Image> cleanPile(Path data) throws IOException {
        List<Image> clean = new ArrayList<>();
        for (String name : SelfSupervisedQuality.PHOTOS) {
            Image photo = read(data.resolve(name)).withChannels(3);
            int w = photo.width();
            int h = photo.height();
            clean.add(photo.crop(0, 0, CORNER, CORNER));
            clean.add(photo.crop(w - CORNER, 0, CORNER, CORNER));
            clean.add(photo.crop(0, h - CORNER, CORNER, CORNER));
            clean.add(photo.crop(w - CORNER, h - CORNER, CORNER, CORNER));
        }
        clean.add(read(data.resolve(CLEAN_PHOTO)).withChannels(3));
        return clean;
    }

    private static Result run(List<SelfSupervisedQuality.Photo> photos, List<Image> clean, UnpairedShape shape,
            UnpairedMethod method,
            TrainingSettings settings, SessionOptions session, int paperSteps) throws IOException {
        List<Image> degraded = photos.stream().map(SelfSupervisedQuality.Photo::noisy).toList();
        UnpairedData data = new UnpairedData(degraded, clean);
        List<Report> reports = new ArrayList<>();
        long start = System.nanoTime();
        LossListener listener = new LossListener() {
            @Override
            public void onLosses(int step, Losses losses) {
                double seconds = (System.nanoTime() - start) / 1e9;
                reports.add(new Report(step, losses, seconds));
                System.out.printf("  step %d (%.0f s) %s%n", step, seconds, losses.byName());
            }

            @Override
            public void onProgress(Progress progress) {
            }
        };
        UnpairedTrainer trainer = new UnpairedTrainer(session);
        Path dir = Files.createTempDirectory("revive-unpaired-");
        Path saved = dir.resolve("model");
        long steps;
        double trainSeconds;
        try (UnpairedModel model = trainer.train(data, method, shape, settings, listener,
                CancellationSignal.NEVER, CheckpointListener.NONE)) {
            trainSeconds = (System.nanoTime() - start) / 1e9;
            steps = model.info().steps();
            model.save(saved);
        }
        List<Image> restored = new ArrayList<>();
        double cropSeconds;
        try (Denoiser denoiser = Denoiser.load(saved, session)) {
            denoiser.denoise(degraded.get(0));
            long inference = System.nanoTime();
            for (Image noisy : degraded) {
                restored.add(denoiser.denoise(noisy));
            }
            cropSeconds = (System.nanoTime() - inference) / 1e9 / degraded.size();
        }
        for (int i = 0; i < photos.size(); i++) {
            System.out.printf("%s: %.2f -> %.2f dB%n", photos.get(i).name(),
                    Metrics.psnr(photos.get(i).noisy(), photos.get(i).clean()),
                    Metrics.psnr(restored.get(i), photos.get(i).clean()));
        }
        double paperStep = paperSteps > 0 ? paperStepSeconds(data, session, paperSteps) : Double.NaN;
        return new Result(restored, reports, steps, trainSeconds, cropSeconds, paperStep, paperSteps);
    }

    /**
     * Seconds a step of the authors' network size takes here (width 64, 2 downsamplings, batch 16 of 64x64), the
     * median of {@code steps} after one warm-up step; this engine's 2 residual blocks per network, not their 4.
     */
    private static double paperStepSeconds(UnpairedData data, SessionOptions session, int steps) {
        TrainingSettings paper = TrainingSettings.defaults().withPatch(64, 16).withMaxSteps(steps + 1)
                .withLearningRate(1e-4f).withProgressEvery(1);
        List<Double> times = new ArrayList<>();
        long[] last = {System.nanoTime()};
        LossListener timing = new LossListener() {
            @Override
            public void onLosses(int step, Losses losses) {
                long now = System.nanoTime();
                if (step > 1) {
                    times.add((now - last[0]) / 1e9);
                }
                last[0] = now;
            }

            @Override
            public void onProgress(Progress progress) {
            }
        };
        try (UnpairedModel model = new UnpairedTrainer(session).train(data, UnpairedMethod.paper(),
                new UnpairedShape(2, 64, 3), paper, timing, CancellationSignal.NEVER, CheckpointListener.NONE)) {
            times.sort(Double::compare);
            double median = times.get(times.size() / 2);
            System.out.printf("paper-size step (64 wide, 2 downsamplings, 16 x 64x64): %.2f s%n", median);
            return median;
        }
    }

    private static Image read(Path file) throws IOException {
        return ImageCodec.decode(Files.readAllBytes(file)).color();
    }
}
