package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code docs/quality-unpaired.md}: the unpaired restorer's PSNR per crop next to the other methods' on the
 * same crops (taken from their report, not run again), the loss terms as training went, and the full-scale estimate.
 */
final class UnpairedQualityDoc {

    static final String FIGURES = "quality-unpaired";

    /**
     * PSNR per photo of {@link SelfSupervisedQuality#PHOTOS} from docs/quality-self-supervised.md and the service-
     * settings run it cites: the same 96x96 crops and noise seeds. Order: noisy, DIP, Noise2Noise, blind-spot,
     * Self2Self, Noise2Void, Neighbor2Neighbor.
     */
    static final String[] REFERENCE_METHODS = {"noisy input", "deep-image-prior (per photo)", "noise2noise (pairs)",
        "blind-spot", "self2self (per photo)", "noise2void", "neighbor2neighbor"};
    static final double[][] REFERENCE = {
        {20.31, 29.92, 29.21, 25.99, 23.54, 26.54, 28.06},
        {20.80, 31.20, 30.24, 30.03, 26.54, 28.54, 29.13},
        {20.18, 28.05, 30.53, 26.38, 26.51, 27.23, 28.82},
        {20.67, 29.12, 28.89, 27.90, 25.94, 27.37, 27.73},
    };
    /** The authors' published configuration: iterations, batch, crop side. */
    static final int PAPER_ITERATIONS = 300_000;
    /** This machine's measured throughput on the DIP network (FIELD notes: 116 GFLOP a 256x256 step in 0.99 s). */
    static final double CPU_GFLOPS = 117;
    /** An assumed sustained FP32 rate of one data-centre GPU on such small convolutions: 6-10 TFLOP/s. */
    static final double[] GPU_TFLOPS = {6, 10};

    private UnpairedQualityDoc() {}

    static void write(Path out, UnpairedQuality.Setup setup, List<SelfSupervisedQuality.Photo> photos,
            UnpairedQuality.Result result, double minutes) throws IOException {
        StringBuilder md = new StringBuilder();
        var s = setup.settings();
        md.append("# Quality report: unpaired restoration (Du et al. 2020)\n\n");
        md.append(String.format(Locale.ROOT, "Written by `%s` on %s, in %.1f minutes on this repository's 2-core CPU"
                + " machine (session: %s; training always float32). Every number below marked *this run* comes from"
                + " it; the command rewrites this file whole.%n%n", setup.command(), LocalDate.now(ZoneOffset.UTC),
                minutes, setup.session()));
        md.append(String.format(Locale.ROOT, """
                **How.** The degraded pile is the noisy crops of `bench/selfsup-quality`: the %dx%d centre crop of
                each of 4 photos of `bench/data`, with Gaussian noise of sigma 25 (same seeds, so the same noisy
                pixels: the noisy column below matches that report's). The clean pile is disjoint from them: the four
                %dx%d corners of each photo (no pixel of a centre crop) and `%s`, %d images. No pair
                of a noisy and a clean picture of the same pixels is ever seen. One model trains on both piles (%d
                steps at most, capped at %d minutes; batches of %d random %dx%d patches from each pile; Adam at %s with
                betas (%s, %s);
                networks %d wide with %d downsampling(s) and %d residual blocks; loss weights adversarial 1,
                representation 1, reconstruction 10, cross-cycle 10, background 5; no semantic term), then restores
                every noisy crop in one pass of E_X and G_Y, loaded from its SavedModel as `method=model` loads it.
                PSNR in dB over all channels at peak 1.

                """, setup.crop(), setup.crop(), UnpairedQuality.CORNER, UnpairedQuality.CORNER,
                UnpairedQuality.CLEAN_PHOTO, setup.cleanImages(), s.maxSteps(), s.maxTime().toMinutes(),
                s.batchSize(), s.patchSize(), s.patchSize(), s.learningRate(), setup.betas().beta1(),
                setup.betas().beta2(), setup.shape().width(),
                setup.shape().depth(), setup.shape().residualBlocks()));

        md.append("## PSNR per crop\n\n| photo | unpaired (this run) |");
        for (String method : REFERENCE_METHODS) {
            md.append(' ').append(method).append(" |");
        }
        md.append("\n|---|---|");
        md.append("---|".repeat(REFERENCE_METHODS.length)).append('\n');
        double[] sums = new double[REFERENCE_METHODS.length + 1];
        double noisyGap = 0;
        for (int i = 0; i < photos.size(); i++) {
            var photo = photos.get(i);
            double ours = Metrics.psnr(result.restored().get(i), photo.clean());
            double noisy = Metrics.psnr(photo.noisy(), photo.clean());
            noisyGap = Math.max(noisyGap, Math.abs(noisy - REFERENCE[i][0]));
            md.append(String.format(Locale.ROOT, "| %s | **%.2f** |", photo.name(), ours));
            sums[0] += ours;
            for (int m = 0; m < REFERENCE_METHODS.length; m++) {
                md.append(String.format(Locale.ROOT, " %.2f |", REFERENCE[i][m]));
                sums[m + 1] += REFERENCE[i][m];
            }
            md.append('\n');
        }
        md.append("| **mean** |");
        for (double sum : sums) {
            md.append(String.format(Locale.ROOT, " **%.2f** |", sum / photos.size()));
        }
        md.append(String.format(Locale.ROOT, "%n%nThe noisy crops of this run are those of the other methods' runs"
                + " (their PSNR differs from the noisy column by %.3f dB at most). The other columns are copied from"
                + " [quality-self-supervised.md](quality-self-supervised.md) (DIP, Noise2Noise, the blind-spot"
                + " network and Self2Self: `bench/selfsup-quality --crop 96 --steps 1500 --photo-steps 400 --patch 32"
                + " --lr 1e-3`) and from the service-settings run it cites (Noise2Void and Neighbor2Neighbor:"
                + " `bench/selfsup-quality --crop 96 --steps 1500 --patch 64 --lr 4e-4 --collection n2v,ne2ne"
                + " --per-photo none --no-dip`), not run again.%n%n", noisyGap));

        md.append("## Loss terms as training went (this run)\n\n");
        md.append("Unweighted, on that step's batch; `total` is the generators' weighted sum. The adversarial terms"
                + " are a game between generators and discriminators and need not fall.\n\n");
        md.append("| step | seconds | adversarial | representation | reconstruction | cross-cycle | background |"
                + " discriminators | total |\n|---|---|---|---|---|---|---|---|---|\n");
        List<UnpairedQuality.Report> reports = result.reports();
        int every = Math.max(1, reports.size() / 10);
        for (int r = 0; r < reports.size(); r++) {
            if (r % every != 0 && r != reports.size() - 1) {
                continue;
            }
            var report = reports.get(r);
            var l = report.losses();
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n",
                    report.step(), report.seconds(), l.adversarial(), l.representation(), l.reconstruction(),
                    l.crossCycle(), l.background(), l.discriminators(), l.total()));
        }
        double stepSeconds = result.trainSeconds() / Math.max(1, result.steps());
        md.append(String.format(Locale.ROOT, "%n%d steps in %.1f s of training, %.3f s a step (graph building"
                + " included); restoring a crop then takes %.3f s.%n%n", result.steps(), result.trainSeconds(),
                stepSeconds, result.cropSeconds()));

        md.append("## Full scale\n\n");
        md.append("""
                The authors' published configuration (their repository's `configs/unit_noise2clear-bn.yaml`):
                300,000 iterations, batches of 16 random 64x64 crops, networks 64 wide with 2 downsamplings and 4
                residual blocks, 3-scale discriminators of 4 layers, least-squares GAN, Adam at 1e-4 with betas (0,
                0.9) halved every 100,000 iterations, weight decay 1e-4, and the weights above plus 1 for the VGG-19
                semantic term, on a GPU, trained on thousands of photos.

                """);
        if (Double.isFinite(result.paperStepSeconds())) {
            double cpuDays = result.paperStepSeconds() * PAPER_ITERATIONS / 86400;
            double gpuHoursSlow = result.paperStepSeconds() * CPU_GFLOPS / (GPU_TFLOPS[0] * 1000)
                    * PAPER_ITERATIONS / 3600;
            double gpuHoursFast = result.paperStepSeconds() * CPU_GFLOPS / (GPU_TFLOPS[1] * 1000)
                    * PAPER_ITERATIONS / 3600;
            md.append(String.format(Locale.ROOT, """
                    **Measured here (this run):** one step of that size (this engine's graph: width 64, 2
                    downsamplings, 16 x 64x64 patches, but 2 residual blocks and single-scale discriminators) takes
                    **%.2f s** on the 2 CPU cores (median of %d steps after a warm-up one). 300,000 steps would take
                    **%.0f days** here. On a GPU, taking this machine's measured %.0f GFLOP/s (the DIP network's
                    256x256 step in the field notes) against an assumed %.0f-%.0f TFLOP/s sustained on one data-centre
                    GPU, about **%.0f-%.0f hours**, before the extra residual blocks and discriminator scales (roughly
                    1.5x more) and the semantic network's forward and backward passes. The GPU rate is an assumption,
                    not a measurement: no GPU was at hand.

                    """, result.paperStepSeconds(), result.paperSteps(), cpuDays, CPU_GFLOPS, GPU_TFLOPS[0],
                    GPU_TFLOPS[1], gpuHoursFast, gpuHoursSlow));
        }
        md.append(String.format(Locale.ROOT, """
                **What differs here.** Minutes instead of days: a few hundred or thousand steps on 4 noisy crops and
                17 clean images, networks a quarter as wide, one discriminator scale, Adam's betas (%s, %s) (the
                paper's are (0, 0.9)), no learning-rate decay, no semantic term (no ImageNet network can be
                downloaded here), and the degraded crops are also the test crops (as for the collection methods of
                the other report). The number to read is where the restorer stands after this budget, not what the
                method reaches.

                """, setup.betas().beta1(), setup.betas().beta2()));
        Path figures = out.resolveSibling(FIGURES);
        Files.createDirectories(figures);
        var first = photos.get(0);
        md.append("## Figures (first crop)\n\n| noisy | unpaired | clean |\n|---|---|---|\n|");
        md.append(figure(figures, "noisy", first.noisy()));
        md.append(figure(figures, "unpaired", result.restored().get(0)));
        md.append(figure(figures, "clean", first.clean()));
        md.append('\n');
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
    }

    private static String figure(Path figures, String name, Image image) throws IOException {
        Files.write(figures.resolve(name + ".png"), ImageCodec.encodePng(image, null, 8));
        return String.format(Locale.ROOT, " <img src=\"%s/%s.png\" width=\"128\" alt=\"%s\"> |", FIGURES, name, name);
    }
}
