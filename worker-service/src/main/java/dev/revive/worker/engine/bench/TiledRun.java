package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DeepImagePrior;
import dev.revive.worker.engine.dip.DipGraphCache;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.tile.TilePlan;
import dev.revive.worker.engine.tile.TileRestorer;
import dev.revive.worker.engine.tile.TiledRestoration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof that a photo far larger than one network's memory completes: a sigma-25 noisy N x N photo
 * (synthetic, or {@code --image}) denoised by the reference DIP tile by tile, one graph reused for
 * every tile. Prints a line per tile, then tiles, wall time, seconds per tile and peak resident
 * memory (VmHWM). With a few iterations per tile it measures cost and memory, not quality.
 *
 * <p>Options (defaults): {@code --size N} (4096), {@code --tile N} (512), {@code --overlap N}
 * (32), {@code --iters N} per tile (3), {@code --image PATH} (synthetic), {@code --out PATH} (no
 * output written), and the switches of {@link BenchOptions}. From the repository root, in a JVM of
 * its own: {@code bench/tiled --iters 3}.
 */
public final class TiledRun {

    private static final double SIGMA_25 = 25 / 255.0;

    private TiledRun() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        int size = 4096;
        int tile = 512;
        int overlap = 32;
        int iterations = 3;
        Path imagePath = null;
        Path outPath = null;
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--size" -> size = Integer.parseInt(rest.get(++i));
                case "--tile" -> tile = Integer.parseInt(rest.get(++i));
                case "--overlap" -> overlap = Integer.parseInt(rest.get(++i));
                case "--iters" -> iterations = Integer.parseInt(rest.get(++i));
                case "--image" -> imagePath = Path.of(rest.get(++i));
                case "--out" -> outPath = Path.of(rest.get(++i));
                default -> throw new IllegalArgumentException("unknown argument " + rest.get(i)
                        + "; use [--size N] [--tile N] [--overlap N] [--iters N] [--image PATH]"
                        + " [--out PATH] " + BenchOptions.USAGE);
            }
        }
        Image noisy = Noise.addGaussian(imagePath == null ? photo(size, size)
                : ImageCodec.decode(Files.readAllBytes(imagePath), Long.MAX_VALUE).color(),
                SIGMA_25, 1);
        TilePlan plan = TilePlan.of(noisy.width(), noisy.height(), tile, tile, overlap, 1);
        System.out.printf("image=%dx%dx%d plan=%s iters_per_tile=%d session=%s heap_max_mb=%d%n",
                noisy.width(), noisy.height(), noisy.channels(), plan, iterations,
                BenchOptions.describe(session), Runtime.getRuntime().maxMemory() >> 20);

        DipSettings settings = DipSettings.denoiseDefaults().withIterations(iterations)
                .withProgressEvery(iterations);
        long start = System.nanoTime();
        Image restored;
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(session, graphs);
            TileRestorer timed = new TileRestorer() {
                private int done;

                @Override
                public Image restore(Observation part, ProgressListener progress,
                        CancellationSignal cancellation) {
                    long tileStart = System.nanoTime();
                    Image out = dip.denoise(part.degraded(), settings, progress, cancellation);
                    System.out.printf("tile %d/%d %.1f s rss_peak_mb=%d graphs_built=%d%n", ++done,
                            plan.tileCount(), (System.nanoTime() - tileStart) / 1e9,
                            SkipNetBenchmark.peakRssMegabytes(), graphs.builds());
                    return out;
                }
            };
            restored = TiledRestoration.restore(Observation.noisy(noisy), plan, timed,
                    ProgressListener.NONE, CancellationSignal.NEVER);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("tiles=%d wall_s=%.1f s_per_tile=%.2f peak_rss_mb=%d output=%dx%d%n",
                plan.tileCount(), seconds, seconds / plan.tileCount(),
                SkipNetBenchmark.peakRssMegabytes(), restored.width(), restored.height());
        if (outPath != null) {
            Files.write(outPath, ImageCodec.encodePng(restored, null, 8));
        }
    }

    /** A smooth photo-like picture with a few shapes, cheap to make at any size. */
    static Image photo(int width, int height) {
        float[] pixels = new float[Math.multiplyExact(width * height, 3)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float u = (x + 0.5f) / width;
                float v = (y + 0.5f) / height;
                float r = 0.2f + 0.5f * u;
                float g = 0.3f + 0.4f * v;
                float b = 0.6f - 0.3f * u * v;
                float dx = u - 0.35f;
                float dy = v - 0.4f;
                if (dx * dx + dy * dy < 0.04f) {
                    r = 0.9f;
                    g = 0.25f;
                    b = 0.2f;
                }
                if (u > 0.55f && u < 0.85f && v > 0.6f && v < 0.85f) {
                    r = 0.1f;
                    g = 0.15f;
                    b = 0.55f;
                }
                int i = (y * width + x) * 3;
                pixels[i] = r;
                pixels[i + 1] = g;
                pixels[i + 2] = b;
            }
        }
        return new Image(width, height, 3, pixels);
    }
}
