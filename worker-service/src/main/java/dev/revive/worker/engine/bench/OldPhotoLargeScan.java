package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.DeepImagePrior;
import dev.revive.worker.engine.dip.DipGraphCache;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.StoppingRule;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Resampling;
import dev.revive.worker.engine.nn.SkipConfig;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
import dev.revive.worker.engine.oldphoto.Aged;
import dev.revive.worker.engine.oldphoto.DefaultDetector;
import dev.revive.worker.engine.oldphoto.DefectDetector;
import dev.revive.worker.engine.tile.TilePlan;
import dev.revive.worker.engine.tile.TiledRestoration;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan of archive size through the old-photo pipeline with one DIP step per phase: the shipped detector in tiles,
 * DIP inpainting of its mask and DIP denoising in the worker's 512x512 tiles. It measures that memory stays bounded,
 * not quality. Usage: {@code bench/old-photo-large [--width N] [--height N] [--tile-pixels N] [--iterations N]
 * [--channels N] [--detector-tile N] [--detect-only]}; every line reports wall and process CPU seconds (the CPU
 * seconds are what a shared machine's load does not inflate much);
 * run it with a heap cap (the command passes -Xmx3g) to show it fits.
 */
public final class OldPhotoLargeScan {

    private OldPhotoLargeScan() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        int width = 4000;
        int height = 3000;
        long tilePixels = 262_144;
        int iterations = 1;
        Integer detectorTile = null;
        boolean detectOnly = false;
        Integer channels = null;
        for (int i = 0; i < rest.size(); i++) {
            String value = i + 1 < rest.size() ? rest.get(i + 1) : "";
            switch (rest.get(i++)) {
                case "--width" -> width = Integer.parseInt(value);
                case "--height" -> height = Integer.parseInt(value);
                case "--tile-pixels" -> tilePixels = Long.parseLong(value);
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--detector-tile" -> detectorTile = Integer.parseInt(value);
                case "--channels" -> channels = Integer.valueOf(value);
                case "--detect-only" -> {
                    detectOnly = true;
                    i--;
                }
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i - 1));
            }
        }
        int detectorSide = detectorTile != null ? detectorTile : DefectDetector.tileSide(tilePixels);
        long start = System.nanoTime();
        Image clean = Resampling.nearestUpsample(scene(width / 4, height / 4), 4);
        Aged aged = new AgeingSynthesiser().age(clean, 4000);
        clean = null;
        report("aged " + width + "x" + height + " (" + String.format("%.2f", 100 * aged.defectFraction())
                + "% defects)", start);
        float[] known;
        try (DefectDetector detector = DefectDetector.load(
                DefaultDetector.extract(Files.createTempDirectory("revive-detector-")), session)) {
            Image mask = DefectDetector.threshold(detector.probabilities(aged.old(), detectorSide, () -> false),
                    DefectDetector.DEFAULT_THRESHOLD);
            known = new float[mask.pixels().length];
            for (int i = 0; i < known.length; i++) {
                known[i] = 1f - mask.pixels()[i];
            }
        }
        report("detected in " + detectorSide + "-pixel tiles", start);
        if (detectOnly) {
            return;
        }
        DeepImagePrior dip = new DeepImagePrior(session, new DipGraphCache());
        DipSettings settings = new DipSettings(iterations, 1, 0.01f, 0.03f, 0f, 1, false, null, 0);
        Observation holes = Observation.withHoles(aged.old(), known);
        SkipConfig fill = channels == null ? SkipConfig.inpainting(3) : SkipConfig.inpainting(3).withChannels(channels);
        TilePlan fillPlan = TilePlan.forBudget(width, height, 1, tilePixels, 32, fill.sizeDivisor());
        int[] fitted = {0};
        Image filled = TiledRestoration.fill(holes, fillPlan, (tile, progress, cancel) -> {
            Image out = dip.restore(tile, fill, settings, StoppingRule.NEVER, progress, cancel).image();
            report("inpainting tile " + ++fitted[0] + " of at most " + fillPlan.tileCount(), start);
            return out;
        }, ProgressListener.NONE, () -> false);
        filled = Aged.keepKnown(aged.old(), filled, known);
        report("inpainted (" + fitted[0] + " of " + fillPlan.tileCount() + " tiles had a hole)", start);
        SkipConfig denoise = channels == null ? SkipConfig.denoising(3)
                : SkipConfig.denoising(3).withChannels(channels);
        int[] denoised = {0};
        Image result = TiledRestoration.restore(Observation.noisy(filled), TilePlan.forBudget(width, height, 1,
                tilePixels, 32, denoise.sizeDivisor()), (tile, progress, cancel) -> {
            Image out = dip.restore(tile, denoise, settings, StoppingRule.NEVER, progress, cancel).image();
            report("denoising tile " + ++denoised[0], start);
            return out;
        }, ProgressListener.NONE, () -> false);
        report("denoised " + result.width() + "x" + result.height(), start);
    }

    /** A scene with edges and gradients, so the detector and DIP see something like a photo. */
    private static Image scene(int width, int height) {
        float[] p = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float u = (float) x / width;
                float v = (float) y / height;
                boolean disc = Math.hypot(u - 0.4, v - 0.5) < 0.2;
                int i = (y * width + x) * 3;
                p[i] = disc ? 0.8f : 0.3f + 0.4f * u;
                p[i + 1] = disc ? 0.3f : 0.4f + 0.3f * v;
                p[i + 2] = disc ? 0.2f : 0.5f - 0.2f * u * v;
            }
        }
        return new Image(width, height, 3, p);
    }

    private static void report(String what, long start) {
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        long max = Runtime.getRuntime().maxMemory() >> 20;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf("%7.1f s (CPU %.1f s)  %s; heap %d MB of %d MB, peak RSS %d MB%n",
                (System.nanoTime() - start) / 1e9, cpu, what, heap, max, SkipNetBenchmark.peakRssMegabytes());
    }
}
