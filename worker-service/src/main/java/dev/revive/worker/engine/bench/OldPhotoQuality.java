package dev.revive.worker.engine.bench;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes docs/quality-old-photos.md: the held-out photos of bench/data, cropped and aged by the synthesiser, repaired
 * as the old-photo task does (shipped detector, DIP inpainting of its mask, DIP denoising), scored by PSNR/SSIM
 * against the clean crop; and the detector's pixel precision and recall on many more aged crops. Usage:
 * {@code bench/old-photo-quality [--crop N] [--cases N] [--iterations N] [--detection-crops N] --data DIR --out FILE}.
 */
public final class OldPhotoQuality {

    private OldPhotoQuality() {}

    record Case(String name, double inPsnr, double inSsim, double outPsnr, double outSsim, double truthShare,
            double detectedShare, int iterations, double seconds) {
    }

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        int crop = 128;
        int cases = 4;
        int iterations = 300;
        int detectionCrops = 40;
        Path data = null;
        Path out = null;
        for (int i = 0; i < rest.size(); i++) {
            String value = i + 1 < rest.size() ? rest.get(i + 1) : "";
            switch (rest.get(i++)) {
                case "--crop" -> crop = Integer.parseInt(value);
                case "--cases" -> cases = Integer.parseInt(value);
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--detection-crops" -> detectionCrops = Integer.parseInt(value);
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i - 1));
            }
        }
        List<String> names = DefaultDetectionTrainingNames.heldOut();
        List<Image> photos = new ArrayList<>();
        for (String name : names) {
            photos.add(ImageCodec.decode(Files.readAllBytes(data.resolve(name))).color().withChannels(3));
        }
        Path figures = out.resolveSibling("quality-old-photos");
        Files.createDirectories(figures);
        Path detectorDir = DefaultDetector.extract(Files.createTempDirectory("revive-detector-"));
        AgeingSynthesiser synthesiser = new AgeingSynthesiser(AgeingSettings.defaults());
        StringBuilder detection = new StringBuilder();
        List<Case> results = new ArrayList<>();
        try (DefectDetector detector = DefectDetector.load(detectorDir, session)) {
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
                String name = names.get(i % names.size()).replaceAll("\\..*", "") + "-" + i;
                write(figures.resolve(name + "-input.png"), aged.old());
                write(figures.resolve(name + "-mask-true.png"), aged.defectMask());
                write(figures.resolve(name + "-mask-detected.png"), mask);
                write(figures.resolve(name + "-result.png"), result);
                Case c = new Case(name, Metrics.psnr(aged.old(), clean), Metrics.ssim(aged.old(), clean),
                        Metrics.psnr(result, clean), Metrics.ssim(result, clean), aged.defectFraction(),
                        share(mask), steps, seconds);
                results.add(c);
                System.out.println(c);
            }
        }
        Files.writeString(out, report(results, detection.toString(), crop, iterations, detectionCrops, names,
                BenchOptions.describe(session)));
        System.out.println("wrote " + out);
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

    private static String report(List<Case> cases, String detection, int crop, int iterations, int detectionCrops,
            List<String> names, String session) {
        StringBuilder md = new StringBuilder();
        String command = System.getenv().getOrDefault("REVIVE_BENCH_COMMAND", "bench/old-photo-quality");
        md.append("# Old photos: detector + DIP repair on synthetically aged photos\n\n");
        md.append("Written by `").append(command).append("` (session ").append(session).append(").\n\n");
        md.append("Held-out photos of bench/data (").append(String.join(", ", names)).append(", never seen by the ")
                .append("shipped detector), ").append(crop).append("x").append(crop)
                .append(" crops aged by `AgeingSynthesiser` with its default settings (seeded, so the same run gives")
                .append(" the same inputs). Repair is the `old-photo` task's: shipped detector at threshold 0.5,")
                .append(" DIP inpainting of its mask (").append(iterations).append(" steps), then DIP denoising (at")
                .append(" most ").append(iterations).append(" steps, automatic stop).\n\n");
        md.append("## Repair quality (PSNR dB / SSIM against the clean crop)\n\n");
        md.append("| case | aged input | detector + DIP | triplet network (part B) | true defects | detected | steps |")
                .append(" seconds |\n|---|---|---|---|---|---|---|---|\n");
        double[] sums = new double[4];
        for (Case c : cases) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f / %.3f | %.2f / %.3f | _to be filled by part B_ |"
                    + " %.1f%% | %.1f%% | %d | %.0f |%n", c.name(), c.inPsnr(), c.inSsim(), c.outPsnr(), c.outSsim(),
                    100 * c.truthShare(), 100 * c.detectedShare(), c.iterations(), c.seconds()));
            sums[0] += c.inPsnr();
            sums[1] += c.inSsim();
            sums[2] += c.outPsnr();
            sums[3] += c.outSsim();
        }
        int n = Math.max(1, cases.size());
        md.append(String.format(Locale.ROOT, "| **mean** | %.2f / %.3f | %.2f / %.3f | _part B_ | | | | |%n%n",
                sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n));
        md.append("The paper (Wan et al. 2020, Table 1, synthetic test set, full method): PSNR 23.33, SSIM 0.69,")
                .append(" LPIPS 0.25. Not the same images, degradations or resolution: their set is Pascal VOC aged by")
                .append(" their own synthesiser at 256x256; read the paper's row as a scale, not a target. LPIPS is")
                .append(" not computed here (it needs a pretrained AlexNet).\n\n");
        md.append("## Detector precision and recall\n\n");
        md.append("Pixel-wise against the synthesiser's masks on ").append(detectionCrops).append(" aged ")
                .append(crop).append("x").append(crop).append(" crops of the held-out photos (seeds 10000 on).\n\n");
        md.append("| threshold | precision | recall | F1 |\n|---|---|---|---|\n").append(detection).append('\n');
        md.append("## Pictures\n\nUnder `docs/quality-old-photos/`: for each case `*-input.png` (aged),")
                .append(" `*-mask-true.png` (the synthesiser's defects), `*-mask-detected.png`, `*-result.png`.\n\n");
        md.append("## Triplet network (part B)\n\n_Reserved: part B (the triplet-domain translation network) adds its")
                .append(" column above and its numbers on the same crops here._\n");
        return md.toString();
    }
}
