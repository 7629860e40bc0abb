package dev.revive.worker.engine.bench;

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
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.nn.SkipConfig;
import dev.revive.worker.engine.oldphoto.AgeingSettings;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
import dev.revive.worker.engine.oldphoto.Aged;
import dev.revive.worker.engine.oldphoto.DefaultDetector;
import dev.revive.worker.engine.oldphoto.DefectDetector;
import dev.revive.worker.engine.oldphoto.triplet.TripletData;
import dev.revive.worker.engine.oldphoto.triplet.TripletListener;
import dev.revive.worker.engine.oldphoto.triplet.TripletLosses;
import dev.revive.worker.engine.oldphoto.triplet.TripletMethod;
import dev.revive.worker.engine.oldphoto.triplet.TripletModel;
import dev.revive.worker.engine.oldphoto.triplet.TripletShape;
import dev.revive.worker.engine.oldphoto.triplet.TripletTrainer;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes docs/quality-old-photos.md: the held-out photos of bench/data, cropped and aged by the synthesiser, repaired
 * both ways the old-photo task can (a: shipped detector, DIP inpainting of its mask, DIP denoising; b: the triplet
 * network trained here at small scale, served with the same detector mask), scored by PSNR/SSIM against the clean
 * crop; and the detector's pixel precision and recall on many more aged crops. Usage:
 * {@code bench/old-photo-quality [--crop N] [--cases N] [--iterations N] [--detection-crops N] [--triplet-steps N]
 * [--triplet-minutes N] [--paper-timing] --data DIR --out FILE}; {@code --paper-timing} also times steps of the
 * triplet network at the paper's sizes (printed only).
 */
public final class OldPhotoQuality {

    /** The triplet network's training photos; the held-out ones are the detector's ({@link DefaultDetectorTraining}). */
    private static final List<String> TRIPLET_TRAINING = List.of("F16_GT.png", "barbara.png", "snail.jpg",
            "cave01_01_noflash.jpg");
    private static final int TRIPLET_PATCH = 64;
    private static final int TRIPLET_BATCH = 8;

    private OldPhotoQuality() {}

    /** One aged crop: the input's scores, the two repairs', and what each took. */
    record Case(String name, Score input, Score dip, Score triplet, Score unmasked, double truthShare,
            double detectedShare, int iterations, double dipSeconds, double tripletSeconds) {
    }

    record Score(double psnr, double ssim) {
        static Score of(Image image, Image clean) {
            return new Score(Metrics.psnr(image, clean), Metrics.ssim(image, clean));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f / %.3f", psnr, ssim);
        }
    }

    /** How the triplet network was trained here. */
    record TripletRun(TripletShape shape, long steps, long mappingFrom, double seconds, TripletLosses last,
            int minutes) {
    }

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        int crop = 128;
        int cases = 4;
        int iterations = 300;
        int detectionCrops = 40;
        int tripletSteps = 3000;
        int tripletMinutes = 10;
        boolean paperTiming = false;
        Path data = null;
        Path out = null;
        for (int i = 0; i < rest.size(); i++) {
            String value = i + 1 < rest.size() ? rest.get(i + 1) : "";
            switch (rest.get(i++)) {
                case "--crop" -> crop = Integer.parseInt(value);
                case "--cases" -> cases = Integer.parseInt(value);
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--detection-crops" -> detectionCrops = Integer.parseInt(value);
                case "--triplet-steps" -> tripletSteps = Integer.parseInt(value);
                case "--triplet-minutes" -> tripletMinutes = Integer.parseInt(value);
                case "--paper-timing" -> {
                    paperTiming = true;
                    i--;
                }
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i - 1));
            }
        }
        List<String> names = DefaultDetectionTrainingNames.heldOut();
        List<Image> photos = new ArrayList<>();
        for (String name : names) {
            photos.add(colour(data.resolve(name)));
        }
        Path figures = out.resolveSibling("quality-old-photos");
        Files.createDirectories(figures);
        Path tripletDir = Files.createTempDirectory("revive-triplet-").resolve("model");
        TripletRun triplet = trainTriplet(data, tripletSteps, tripletMinutes, session, tripletDir);
        Path detectorDir = DefaultDetector.extract(Files.createTempDirectory("revive-detector-"));
        AgeingSynthesiser synthesiser = new AgeingSynthesiser(AgeingSettings.defaults());
        StringBuilder detection = new StringBuilder();
        List<Case> results = new ArrayList<>();
        try (DefectDetector detector = DefectDetector.load(detectorDir, session);
                Denoiser tripletRestorer = Denoiser.load(tripletDir, session)) {
            double[] thresholds = {0.3, 0.5, 0.7};
            long[][] counts = new long[thresholds.length][3];
            SplittableRandom sampler = new SplittableRandom(7);
            for (int i = 0; i < detectionCrops; i++) {
                Image photo = photos.get(i % photos.size());
                Image clean = photo.crop(sampler.nextInt(photo.width() - crop + 1),
                        sampler.nextInt(photo.height() - crop + 1), crop, crop);
                Aged aged = synthesiser.age(clean, 10_000 + i);
                Image probabilities = detector.probabilities(aged.old());
                for (int t = 0; t < thresholds.length; t++) {
                    count(aged.defectMask().pixels(), DefectDetector.threshold(probabilities, thresholds[t]).pixels(),
                            counts[t]);
                }
            }
            for (int t = 0; t < thresholds.length; t++) {
                double precision = counts[t][0] / (double) Math.max(1, counts[t][0] + counts[t][1]);
                double recall = counts[t][0] / (double) Math.max(1, counts[t][0] + counts[t][2]);
                detection.append(String.format(Locale.ROOT, "| %.1f | %.3f | %.3f | %.3f |%n", thresholds[t],
                        precision, recall, 2 * precision * recall / Math.max(1e-9, precision + recall)));
            }
            System.out.print(detection);
            DeepImagePrior dip = new DeepImagePrior(session, new DipGraphCache());
            for (int i = 0; i < cases; i++) {
                Image photo = photos.get(i % photos.size());
                SplittableRandom random = new SplittableRandom(100 + i);
                Image clean = photo.crop(random.nextInt(photo.width() - crop + 1),
                        random.nextInt(photo.height() - crop + 1), crop, crop);
                Aged aged = synthesiser.age(clean, 100 + i);
                long start = System.nanoTime();
                Image mask = DefectDetector.threshold(detector.probabilities(aged.old()), 0.5);
                float[] known = new float[mask.pixels().length];
                boolean holes = false;
                for (int p = 0; p < known.length; p++) {
                    known[p] = 1f - mask.pixels()[p];
                    holes |= known[p] == 0f;
                }
                Image filled = aged.old();
                int steps = 0;
                DipSettings fill = new DipSettings(iterations, 100 + i, 0.01f, 0.03f, 0f, 50, false, null, 0);
                if (holes) {
                    Restoration r = dip.restore(Observation.withHoles(aged.old(), known), SkipConfig.inpainting(3),
                            fill, StoppingRule.NEVER, ProgressListener.NONE, () -> false);
                    filled = Aged.keepKnown(aged.old(), r.image(), known);
                    steps += r.iterations();
                }
                DipSettings clean2 = new DipSettings(iterations, 100 + i, 0.01f, 1f / 30f, 0.99f, 50, true, null, 0);
                Restoration denoised = dip.restore(Observation.noisy(filled), SkipConfig.denoising(3), clean2,
                        StoppingRules.forDenoising(), ProgressListener.NONE, () -> false);
                steps += denoised.iterations();
                double seconds = (System.nanoTime() - start) / 1e9;
                Image result = denoised.image();
                long tripletStart = System.nanoTime();
                Image translated = tripletRestorer.denoise(aged.old(), known);
                double tripletSeconds = (System.nanoTime() - tripletStart) / 1e9;
                Image unmasked = tripletRestorer.denoise(aged.old());
                String name = names.get(i % names.size()).replaceAll("\\..*", "") + "-" + i;
                write(figures.resolve(name + "-input.png"), aged.old());
                write(figures.resolve(name + "-mask-true.png"), aged.defectMask());
                write(figures.resolve(name + "-mask-detected.png"), mask);
                write(figures.resolve(name + "-dip.png"), result);
                write(figures.resolve(name + "-triplet.png"), translated);
                Case c = new Case(name, Score.of(aged.old(), clean), Score.of(result, clean),
                        Score.of(translated, clean), Score.of(unmasked, clean), aged.defectFraction(), share(mask),
                        steps, seconds,
                        tripletSeconds);
                results.add(c);
                System.out.println(c);
            }
        }
        Files.writeString(out, report(results, triplet, detection.toString(), crop, iterations, detectionCrops,
                names, BenchOptions.describe(session)));
        System.out.println("wrote " + out);
        if (paperTiming) {
            timePaperSizes(data, session);
        }
    }

    /**
     * The triplet network at CPU scale: the training photos shrunk to 256 px a side and aged into synthetic pairs;
     * the "real old" pile is the same photos aged with other seeds (no real old scans are at hand). Saved to
     * {@code saved}, as a worker stores it.
     */
    private static TripletRun trainTriplet(Path data, int steps, int minutes, SessionOptions session, Path saved)
            throws IOException {
        List<TripletData.SyntheticPair> pairs = agedPairs(data, TRIPLET_TRAINING.size(), 100);
        List<Image> real = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            real.add(new AgeingSynthesiser().age(pairs.get(i).clean(), 200 + i).old());
        }
        TripletShape shape = TripletShape.defaults(3);
        TrainingSettings settings = TrainingSettings.defaults().withPatch(TRIPLET_PATCH, TRIPLET_BATCH)
                .withMaxSteps(steps).withMaxTime(Duration.ofMinutes(minutes)).withLearningRate(2e-4f).withSeed(1)
                .withProgressEvery(Math.max(1, steps / 20));
        long start = System.nanoTime();
        TripletLosses[] last = new TripletLosses[1];
        TripletListener listener = new TripletListener() {
            @Override
            public void onLosses(int step, TripletLosses losses) {
                last[0] = losses;
                System.out.printf(Locale.ROOT, "triplet step %d stage %d %.1f s %s%n", step, losses.stage(),
                        (System.nanoTime() - start) / 1e9, losses.terms());
            }

            @Override
            public void onProgress(dev.revive.worker.engine.dip.Progress report) {
            }
        };
        try (TripletModel model = new TripletTrainer(session).train(new TripletData(real, pairs),
                TripletMethod.paper(), shape, settings, listener, CancellationSignal.NEVER,
                CheckpointListener.NONE)) {
            model.save(saved);
            TripletRun run = new TripletRun(shape, model.info().steps(), model.mappingFrom(),
                    (System.nanoTime() - start) / 1e9, last[0], minutes);
            System.out.println(run);
            return run;
        }
    }

    /** Steps of the paper's sizes (width 64, two downsamplings, 256x256 crops, batch 8), build included; printed. */
    private static void timePaperSizes(Path data, SessionOptions session) throws IOException {
        TripletShape paper = new TripletShape(2, 64, 3);
        List<TripletData.SyntheticPair> pairs = agedPairs(data, 2, 400);
        TripletData paperData = new TripletData(pairs.stream().map(TripletData.SyntheticPair::old).toList(), pairs);
        int side = Math.min(256, paperData.smallestSide()) / 8 * 8;
        for (int stage2 = 0; stage2 < 2; stage2++) {
            TrainingSettings one = TrainingSettings.defaults().withPatch(side, 8).withMaxSteps(stage2 == 0 ? 1 : 2)
                    .withLearningRate(2e-4f).withSeed(1);
            long t0 = System.nanoTime();
            try (TripletModel m = new TripletTrainer(session).train(paperData,
                    new TripletMethod(TripletMethod.paper().weights(), stage2 == 0 ? 0.9 : 0.5), paper, one,
                    TripletListener.of(ProgressListener.NONE), CancellationSignal.NEVER, CheckpointListener.NONE)) {
                System.out.printf(Locale.ROOT, "paper size %s, %dx%d batch 8, %s: %.1f s for %d step(s) (graph"
                        + " build included)%n", paper, side, side, stage2 == 0 ? "stage 1" : "stage 1 + stage 2",
                        (System.nanoTime() - t0) / 1e9, m.info().steps());
            }
        }
    }

    /** The first {@code count} triplet training photos, at most 256 px a side, aged with seeds {@code seed} on. */
    private static List<TripletData.SyntheticPair> agedPairs(Path data, int count, long seed) throws IOException {
        AgeingSynthesiser synthesiser = new AgeingSynthesiser();
        List<TripletData.SyntheticPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Image clean = colour(data.resolve(TRIPLET_TRAINING.get(i))).shrunkTo(256);
            Aged aged = synthesiser.age(clean, seed + i);
            pairs.add(new TripletData.SyntheticPair(aged.old(), clean, aged.defectMask()));
        }
        return pairs;
    }

    private static Image colour(Path file) throws IOException {
        return ImageCodec.decode(Files.readAllBytes(file)).color().withChannels(3);
    }

    /** Names of the held-out photos, shared with the detector's training so neither drifts. */
    static final class DefaultDetectionTrainingNames {
        static List<String> heldOut() {
            return DefaultDetectorTraining.HELD_OUT.stream().sorted().toList();
        }
    }

    private static void count(float[] truth, float[] found, long[] counts) {
        for (int i = 0; i < truth.length; i++) {
            boolean t = truth[i] > 0.5f;
            boolean f = found[i] > 0.5f;
            counts[0] += t && f ? 1 : 0;
            counts[1] += !t && f ? 1 : 0;
            counts[2] += t && !f ? 1 : 0;
        }
    }

    private static double share(Image mask) {
        double sum = 0;
        for (float v : mask.pixels()) {
            sum += v;
        }
        return sum / mask.pixelCount();
    }

    private static void write(Path file, Image image) throws IOException {
        Files.write(file, ImageCodec.encodePng(image, null, 8));
    }

    private static String report(List<Case> cases, TripletRun triplet, String detection, int crop, int iterations,
            int detectionCrops, List<String> names, String session) {
        StringBuilder md = new StringBuilder();
        String command = System.getenv().getOrDefault("REVIVE_BENCH_COMMAND", "bench/old-photo-quality");
        md.append("# Old photos: detector + DIP repair and the triplet network on synthetically aged photos\n\n");
        md.append("Written by `").append(command).append("` (session ").append(session).append(").\n\n");
        md.append("Held-out photos of bench/data (").append(String.join(", ", names)).append(", seen neither by the ")
                .append("shipped detector nor by the triplet network), ").append(crop).append("x").append(crop)
                .append(" colour crops aged by `AgeingSynthesiser` with its default settings (seeded, so the same run")
                .append(" gives the same inputs). Both repairs are the `old-photo` task's, with the shipped detector's")
                .append(" mask at threshold 0.5:\n\n")
                .append("- **(a) detector + DIP** (`method=dip`): DIP inpainting of the mask (").append(iterations)
                .append(" steps), then DIP denoising (at most ").append(iterations).append(" steps, automatic stop).\n")
                .append("- **(b) triplet network** (`method=model` naming a triplet model): one pass of the restorer")
                .append(" G2(T(E1(x), m)), the mask fed to its partial non-local block, as the worker serves it; next")
                .append(" to it the same network fed no mask (what `task=denoise` gives), to show what the mask does.\n\n");
        md.append("## Repair quality (PSNR dB / SSIM against the clean crop)\n\n");
        md.append("| case | aged input | (a) detector + DIP | (b) triplet network | (b) without the mask | true defects |")
                .append(" detected | DIP steps | DIP s | triplet s |\n|---|---|---|---|---|---|---|---|---|---|\n");
        double[] sums = new double[8];
        for (Case c : cases) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f%% | %.1f%% | %d | %.0f | %.2f |%n",
                    c.name(), c.input(), c.dip(), c.triplet(), c.unmasked(), 100 * c.truthShare(),
                    100 * c.detectedShare(), c.iterations(), c.dipSeconds(), c.tripletSeconds()));
            Score[] scores = {c.input(), c.dip(), c.triplet(), c.unmasked()};
            for (int k = 0; k < scores.length; k++) {
                sums[2 * k] += scores[k].psnr();
                sums[2 * k + 1] += scores[k].ssim();
            }
        }
        int n = Math.max(1, cases.size());
        md.append(String.format(Locale.ROOT, "| **mean** | %s | %s | %s | %s | | | | | |%n%n",
                new Score(sums[0] / n, sums[1] / n), new Score(sums[2] / n, sums[3] / n),
                new Score(sums[4] / n, sums[5] / n), new Score(sums[6] / n, sums[7] / n)));
        md.append("The paper (Wan et al. 2020, Table 1, synthetic test set, full method): PSNR 23.33, SSIM 0.69,")
                .append(" LPIPS 0.25. Not the same images, degradations or resolution: their set is Pascal VOC aged by")
                .append(" their own synthesiser at 256x256, their network trained for days on a GPU; read the paper's")
                .append(" row as a scale, not a target. LPIPS is not computed here (it needs a pretrained AlexNet).\n\n");
        md.append("## The triplet network as trained here\n\n");
        md.append(String.format(Locale.ROOT, "Trained by this command on %s (shrunk to at most 256 px a side), each"
                + " aged by the synthesiser (seeds 100-103) into a synthetic pair; the \"real old\" pile is the same"
                + " photos aged with seeds 200-203 (no real old scans are at hand). Shape %s (encoders' downsamplings,"
                + " width, channels), %dx%d patches, %d a step, Adam 2e-4, seed 1, a budget of the steps asked or %d"
                + " minutes: **%d steps in %.0f s** (%.2f s a step), stage 2 (the mapping) from step %d.",
                String.join(", ", TRIPLET_TRAINING), triplet.shape(), TRIPLET_PATCH, TRIPLET_PATCH, TRIPLET_BATCH,
                triplet.minutes(), triplet.steps(), triplet.seconds(), triplet.seconds() / Math.max(1, triplet.steps()),
                triplet.mappingFrom()));
        if (triplet.last() != null) {
            md.append(" Last step's terms (stage ").append(triplet.last().stage()).append(", unweighted): ");
            StringBuilder terms = new StringBuilder();
            triplet.last().terms().forEach((k, v) -> terms.append(terms.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.4f", k, v)));
            md.append(terms).append('.');
        }
        md.append(" The method and its differences from the paper: [old-photos-triplet.md](old-photos-triplet.md).\n\n");
        md.append("## Detector precision and recall\n\n");
        md.append("Pixel-wise against the synthesiser's masks on ").append(detectionCrops).append(" aged ")
                .append(crop).append("x").append(crop).append(" crops of the held-out photos (seeds 10000 on).\n\n");
        md.append("| threshold | precision | recall | F1 |\n|---|---|---|---|\n").append(detection).append('\n');
        md.append("## Pictures\n\nUnder `docs/quality-old-photos/`: for each case `*-input.png` (aged),")
                .append(" `*-mask-true.png` (the synthesiser's defects), `*-mask-detected.png` (the mask both repairs")
                .append(" were given), `*-dip.png` (a) and `*-triplet.png` (b).\n");
        return md.toString();
    }
}
