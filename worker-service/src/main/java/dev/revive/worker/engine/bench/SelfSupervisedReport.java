package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.selfsup.BlindSpot;
import dev.revive.worker.engine.selfsup.Neighbor2Neighbor;
import dev.revive.worker.engine.selfsup.Noise2Noise;
import dev.revive.worker.engine.selfsup.Noise2Void;
import dev.revive.worker.engine.selfsup.Self2Self;
import dev.revive.worker.engine.selfsup.SelfSupervisedTrainer;
import dev.revive.worker.engine.selfsup.TrainedModel;
import dev.revive.worker.engine.selfsup.TrainingData;
import dev.revive.worker.engine.selfsup.TrainingMethod;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import dev.revive.worker.engine.selfsup.UNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The self-supervised denoisers side by side: every method is trained on sigma-25 noisy crops of
 * the photos given (Noise2Noise on two noisy shots of each), then denoises the first shot of each,
 * and the PSNR of input and result are printed per photo, with the seconds per training step.
 *
 * <p>Options (defaults): photo paths (required), {@code --crop N} (the N x N centre, 0 = whole;
 * 128), {@code --steps N} (400), {@code --patch N} (32), {@code --batch N} (4), {@code --depth N}
 * (2), {@code --width N} (16), {@code --lr X} (0.001), {@code --seed N} (0), {@code --methods}
 * (n2v,ne2ne,n2n,s2s,bsn), and the switches of {@link BenchOptions} (training runs in float32 whatever
 * they say). The defaults are the tests' small
 * configuration (about 15 s per method on 2 cores); the papers train for far longer. From the
 * repository root: {@code bench/selfsup bench/data/F16_GT.png bench/data/kate.png}.
 */
public final class SelfSupervisedReport {

    private static final double SIGMA_25 = 25 / 255.0;

    private SelfSupervisedReport() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        List<Path> paths = new ArrayList<>();
        int crop = 128;
        int depth = 2;
        int width = 16;
        TrainingSettings settings = TrainingSettings.defaults().withPatch(32, 4).withMaxSteps(400)
                .withLearningRate(1e-3f).withProgressEvery(50);
        String methods = "n2v,ne2ne,n2n,s2s,bsn";
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--crop" -> crop = Integer.parseInt(rest.get(++i));
                case "--steps" -> settings = settings.withMaxSteps(Integer.parseInt(rest.get(++i)));
                case "--patch" -> settings = settings.withPatch(Integer.parseInt(rest.get(++i)),
                        settings.batchSize());
                case "--batch" -> settings = settings.withPatch(settings.patchSize(),
                        Integer.parseInt(rest.get(++i)));
                case "--depth" -> depth = Integer.parseInt(rest.get(++i));
                case "--width" -> width = Integer.parseInt(rest.get(++i));
                case "--lr" -> settings = settings.withLearningRate(Float.parseFloat(rest.get(++i)));
                case "--seed" -> settings = settings.withSeed(Long.parseLong(rest.get(++i)));
                case "--methods" -> methods = rest.get(++i);
                default -> {
                    if (rest.get(i).startsWith("--")) {
                        throw new IllegalArgumentException("unknown argument " + rest.get(i)
                                + "; use PHOTO... [--crop N] [--steps N] [--patch N] [--batch N]"
                                + " [--depth N] [--width N] [--lr X] [--seed N]"
                                + " [--methods n2v,ne2ne,n2n,s2s,bsn] " + BenchOptions.USAGE);
                    }
                    paths.add(Path.of(rest.get(i)));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("give at least one photo");
        }
        List<Image> clean = new ArrayList<>();
        for (Path path : paths) {
            Image image = ImageCodec.decode(Files.readAllBytes(path)).color();
            clean.add(crop > 0 ? image.centreCrop(Math.min(crop, Math.min(image.width(), image.height())))
                    : image);
        }
        List<Image> first = noisy(clean, 1);
        List<Image> second = noisy(clean, 2);
        UNetConfig residual = new UNetConfig(depth, width, clean.get(0).channels(), true);
        System.out.printf("photos=%d crop=%d steps=%d patch=%d batch=%d network=%dx%d session=%s%n",
                clean.size(), crop, settings.maxSteps(), settings.patchSize(), settings.batchSize(), depth,
                width, BenchOptions.describe(session));
        SelfSupervisedTrainer trainer = new SelfSupervisedTrainer(session);
        for (String name : methods.split(",")) {
            TrainingMethod method = method(name);
            TrainingData data = method.observations() == 2 ? TrainingData.pairs(first, second)
                    : TrainingData.of(first);
            UNetConfig network = method.residualAllowed() ? residual
                    : new UNetConfig(depth, width, residual.channels(), false);
            long start = System.nanoTime();
            try (TrainedModel model = trainer.train(data, method, network, settings,
                    ProgressListener.NONE, CancellationSignal.NEVER)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                for (int i = 0; i < clean.size(); i++) {
                    Image result = model.denoiser().denoise(first.get(i));
                    System.out.printf("method=%s photo=%s input_psnr=%.2f result_psnr=%.2f%n",
                            method.name(), paths.get(i).getFileName(),
                            Metrics.psnr(first.get(i), clean.get(i)),
                            Metrics.psnr(result, clean.get(i)));
                }
                System.out.printf("method=%s steps=%d train_s=%.1f s_per_step=%.4f final_loss=%.5f%n",
                        method.name(), model.info().steps(), seconds, seconds / model.info().steps(),
                        model.info().finalLoss());
            }
        }
    }

    private static List<Image> noisy(List<Image> clean, int shot) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            out.add(Noise.addGaussian(clean.get(i), SIGMA_25, 1000L * shot + i));
        }
        return out;
    }

    static TrainingMethod method(String name) {
        return switch (name) {
            case "n2v" -> Noise2Void.paper();
            case "ne2ne" -> Neighbor2Neighbor.paper();
            case "n2n" -> new Noise2Noise();
            case "s2s" -> Self2Self.paper();
            case "bsn" -> BlindSpot.paper();
            default -> throw new IllegalArgumentException("unknown method " + name
                    + "; use n2v, ne2ne, n2n, s2s or bsn");
        };
    }
}
