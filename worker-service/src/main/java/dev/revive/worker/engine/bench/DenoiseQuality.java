package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.DipGraph;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.PaddedImage;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.nn.SkipConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quality side of every speed option: denoises a clean image with seeded sigma-25 noise by
 * the reference recipe and prints the PSNR of the raw and the averaged output at checkpoints, and
 * the wall time. A speed option is kept only if these stay within 0.2 dB of the float32 baseline.
 *
 * <p>Options (defaults): {@code --image PATH} (required; e.g. the bundled F16 crop),
 * {@code --crop N} (the N x N centre, 0 = whole image; 0), {@code --iters N} (600),
 * {@code --every N} (100), {@code --seed N} (0), {@code --noise-seed N} (1), and the switches of
 * {@link BenchOptions}. From the repository root: {@code bench/denoise-quality --iters 600}.
 */
public final class DenoiseQuality {

    private static final double SIGMA_25 = 25 / 255.0;

    private DenoiseQuality() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        Path imagePath = null;
        int crop = 0;
        int iterations = 600;
        int every = 100;
        long seed = 0;
        long noiseSeed = 1;
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--image" -> imagePath = Path.of(rest.get(++i));
                case "--crop" -> crop = Integer.parseInt(rest.get(++i));
                case "--iters" -> iterations = Integer.parseInt(rest.get(++i));
                case "--every" -> every = Integer.parseInt(rest.get(++i));
                case "--seed" -> seed = Long.parseLong(rest.get(++i));
                case "--noise-seed" -> noiseSeed = Long.parseLong(rest.get(++i));
                default -> throw new IllegalArgumentException("unknown argument " + rest.get(i)
                        + "; use --image PATH [--crop N] [--iters N] [--every N] [--seed N]"
                        + " [--noise-seed N] " + BenchOptions.USAGE);
            }
        }
        if (imagePath == null) {
            throw new IllegalArgumentException("--image PATH is required");
        }
        Image clean = ImageCodec.decode(Files.readAllBytes(imagePath)).color();
        if (crop > 0) {
            clean = clean.centreCrop(crop);
        }
        Image noisy = Noise.addGaussian(clean, SIGMA_25, noiseSeed);
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(iterations).withSeed(seed);
        System.out.printf("image=%s size=%dx%d iters=%d seed=%d session=%s noisy_psnr=%.2f%n",
                imagePath.getFileName(), clean.width(), clean.height(), iterations, seed,
                BenchOptions.describe(session), Metrics.psnr(noisy, clean));
        run(clean, noisy, settings, session, every);
        System.out.printf("peak_rss_mb=%d%n", SkipNetBenchmark.peakRssMegabytes());
    }

    private static void run(Image clean, Image noisy, DipSettings settings, SessionOptions session,
            int every) {
        SkipConfig config = SkipConfig.reference(noisy.channels());
        PaddedImage padded = PaddedImage.reflect(noisy,
                config.acceptedSize(noisy.width()), config.acceptedSize(noisy.height()));
        long buildStart = System.nanoTime();
        try (DipGraph graph = DipGraph.forDenoising(
                padded.padded().height(), padded.padded().width(), config, session)) {
            graph.reset(settings);
            graph.dataTerm().load(graph.session(), padded.padded().pixels(), padded.mask());
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            long start = System.nanoTime();
            long measured = 0;
            for (int done = 1; done <= settings.iterations(); done++) {
                if (done % every != 0 && done != settings.iterations()) {
                    graph.step(false);
                    continue;
                }
                float[] raw = graph.stepReturningOutput();
                long pause = System.nanoTime();
                double elapsed = (pause - start - measured) / 1e9;
                double rawPsnr = Metrics.psnr(padded.crop(clamp(raw)), clean);
                double averagePsnr = Metrics.psnr(padded.crop(clamp(graph.averagedOutput())), clean);
                measured += System.nanoTime() - pause;
                System.out.printf("iter=%d psnr_raw=%.2f psnr_avg=%.2f elapsed_s=%.1f%n", done,
                        rawPsnr, averagePsnr, elapsed);
            }
            double seconds = (System.nanoTime() - start - measured) / 1e9;
            System.out.printf("build_s=%.1f optimise_s=%.1f s_per_iter=%.4f%n", buildSeconds, seconds,
                    seconds / settings.iterations());
        }
    }

    /** Outputs are sigmoids, so in (0,1) already; reduced precision may round them onto 1. */
    private static float[] clamp(float[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.min(1f, Math.max(0f, pixels[i]));
        }
        return pixels;
    }
}
