package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.oldphoto.Aged;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
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
import java.util.Map;

/**
 * The triplet network at CPU scale on bench/data: trained on gray crops of some images (clean, aged by the
 * synthesiser into synthetic pairs; the "real old" pile is the same synthesiser's output on those crops with other
 * seeds, since no real old scans are at hand), measured by PSNR/SSIM on synthetic old versions of held-out crops;
 * then one step of the paper's sizes timed, for the GPU estimate. Prints its numbers; the doc is written from them.
 * Usage: TripletQuality DATA_DIR STEPS MINUTES [PAPER_STEPS]
 */
public final class TripletQuality {

    private static final List<String> HELD_OUT = List.of("kate.png", "zebra_GT.png");
    private static final List<String> TRAIN = List.of("F16_GT.png", "barbara.png", "snail.jpg",
            "cave01_01_noflash.jpg");
    private static final int CROP = 128;

    private TripletQuality() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        Duration budget = Duration.ofMinutes(Long.parseLong(args[2]));
        int paperSteps = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        SessionOptions session = SessionOptions.defaults().withThreads(2, 1).withCpuBfloat16(false);
        AgeingSynthesiser synthesiser = new AgeingSynthesiser();

        List<TripletData.SyntheticPair> pairs = new ArrayList<>();
        List<Image> real = new ArrayList<>();
        for (int i = 0; i < TRAIN.size(); i++) {
            Image clean = load(data.resolve(TRAIN.get(i))).shrunkTo(256);
            Aged aged = synthesiser.age(clean, 100 + i);
            pairs.add(new TripletData.SyntheticPair(aged.old(), clean, aged.defectMask()));
            real.add(synthesiser.age(clean, 200 + i).old());
        }
        TripletData training = new TripletData(real, pairs);
        TripletShape shape = TripletShape.defaults(1);
        TrainingSettings settings = TrainingSettings.defaults().withPatch(64, 8).withMaxSteps(steps)
                .withMaxTime(budget).withLearningRate(2e-4f).withSeed(1).withProgressEvery(Math.max(1, steps / 20));
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("triplet-quality-");
        Path saved = dir.resolve("model");
        TripletListener listener = new TripletListener() {
            @Override
            public void onLosses(int step, TripletLosses losses) {
                System.out.printf("step %d stage %d %.1f s %s%n", step, losses.stage(),
                        (System.nanoTime() - start) / 1e9, round(losses.terms()));
            }

            @Override
            public void onProgress(dev.revive.worker.engine.dip.Progress report) {
            }
        };
        long mappingFrom;
        long taken;
        try (TripletModel model = new TripletTrainer(session).train(training, TripletMethod.paper(), shape, settings,
                listener, CancellationSignal.NEVER, CheckpointListener.NONE)) {
            mappingFrom = model.mappingFrom();
            taken = model.info().steps();
            model.save(saved);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("trained %d steps (stage 2 from step %d) in %.0f s, %.2f s a step; shape %s%n", taken,
                mappingFrom, seconds, seconds / taken, shape);
        double[] sums = new double[4];
        try (Denoiser restorer = Denoiser.load(saved, session)) {
            for (int i = 0; i < HELD_OUT.size(); i++) {
                Image clean = load(data.resolve(HELD_OUT.get(i))).centreCrop(CROP);
                Image old = synthesiser.age(clean, 300 + i).old();
                Image restored = restorer.denoise(old);
                double[] m = {Metrics.psnr(old, clean), Metrics.ssim(old, clean), Metrics.psnr(restored, clean),
                    Metrics.ssim(restored, clean)};
                System.out.printf("%s %dx%d: old %.2f dB / %.3f, restored %.2f dB / %.3f%n", HELD_OUT.get(i), CROP,
                        CROP, m[0], m[1], m[2], m[3]);
                for (int k = 0; k < 4; k++) {
                    sums[k] += m[k] / HELD_OUT.size();
                }
            }
        }
        System.out.printf("mean: old %.2f dB / %.3f, restored %.2f dB / %.3f%n", sums[0], sums[1], sums[2], sums[3]);

        // the paper's sizes: width 64, two downsamplings, 256x256 crops, batch 8 (their VAE stage)
        TripletShape paper = new TripletShape(2, 64, 3);
        List<TripletData.SyntheticPair> colour = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Image clean = load(data.resolve(TRAIN.get(i))).withChannels(3).shrunkTo(256);
            Aged aged = synthesiser.age(clean, 400 + i);
            colour.add(new TripletData.SyntheticPair(aged.old(), clean, aged.defectMask()));
        }
        TripletData paperData = new TripletData(colour.stream().map(TripletData.SyntheticPair::old).toList(), colour);
        int side = Math.min(256, paperData.smallestSide()) / 8 * 8;
        for (int stage2 = 0; stage2 < 2; stage2++) {
            TrainingSettings one = TrainingSettings.defaults().withPatch(side, 8).withMaxSteps(stage2 == 0 ? 1 : 2)
                    .withLearningRate(2e-4f).withSeed(1);
            long t0 = System.nanoTime();
            try (TripletModel m = new TripletTrainer(session).train(paperData,
                    new TripletMethod(TripletMethod.paper().weights(), stage2 == 0 ? 0.9 : 0.5), paper, one,
                    TripletListener.of(ProgressListener.NONE), CancellationSignal.NEVER, CheckpointListener.NONE)) {
                System.out.printf("paper size %s, %dx%d batch 8, %s: %.1f s for %d step(s) (graph build included)%n",
                        paper, side, side, stage2 == 0 ? "stage 1" : "stage 1 + stage 2", (System.nanoTime() - t0)
                                / 1e9, m.info().steps());
            }
        }
    }

    private static Image load(Path file) throws IOException {
        return ImageCodec.decode(Files.readAllBytes(file)).color().withChannels(1);
    }

    private static Map<String, String> round(Map<String, Double> terms) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        terms.forEach((k, v) -> out.put(k, String.format("%.4f", v)));
        return out;
    }
}
