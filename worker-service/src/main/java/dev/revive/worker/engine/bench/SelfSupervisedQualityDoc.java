package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.bench.SelfSupervisedQuality.MethodResult;
import dev.revive.worker.engine.bench.SelfSupervisedQuality.Photo;
import dev.revive.worker.engine.bench.SelfSupervisedQuality.Setup;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the self-supervised quality report and its figures; every run rewrites the whole document. */
final class SelfSupervisedQualityDoc {

    private static final String FIGURES = "quality-self-supervised";
    private static final int FIGURE_WIDTH = 128;

    /** The papers' own numbers: sigma 25 Gaussian noise, Kodak (24 photos, 768x512), PSNR in dB. */
    private static final Map<String, String> PUBLISHED = Map.of(
            "noise2noise", "32.39 (Lehtinen et al. 2018, as reported by Laine et al. 2019)",
            "blind-spot", "32.45 (Laine et al. 2019, Gaussian posterior mean, sigma known)",
            "neighbor2neighbor", "32.08 (Huang et al. 2021)",
            "self2self", "31.28 (Quan et al. 2020)",
            "noise2void", "30.32 (Krull et al. 2019, as reported by Laine et al. 2019)",
            "deep-image-prior", "no Kodak number; 29.22 raw, 30.43 averaged on its nine colour images (Ulyanov et al.)");

    private SelfSupervisedQualityDoc() {}

    static void write(Path out, Setup setup, List<Photo> photos, List<MethodResult> results, double minutes)
            throws IOException {
        Path figures = out.toAbsolutePath().getParent().resolve(FIGURES);
        Files.createDirectories(figures);
        StringBuilder doc = new StringBuilder("# Quality report: self-supervised denoisers\n\n");
        doc.append(String.format(Locale.ROOT, "Written by `%s` on %s, in %.1f minutes on this repository's 2-core"
                + " CPU machine (DIP session: %s; training always float32). Every number and picture below comes"
                + " from that run; the command rewrites this file whole.%n%n", setup.command().strip(),
                LocalDate.now(), minutes, setup.session()));
        doc.append(how(setup, photos));
        doc.append(psnrTable(photos, results));
        doc.append(published(photos, results));
        doc.append(timing(setup, results));
        doc.append(figures(figures, photos.get(0), results));
        Files.writeString(out, doc.toString());
    }

    private static String how(Setup setup, List<Photo> photos) {
        Photo first = photos.get(0);
        return String.format(Locale.ROOT, """
                **How.** %d photos of `bench/data` (see its NOTICE), each a centre crop of %dx%d, with Gaussian noise
                of sigma 25 (of 255) added; the clean crops are only used to score. Noise2Noise gets a second,
                independent noisy shot of each crop, as two scans of one print would be.

                - **Collection methods** (Noise2Void, Neighbor2Neighbor, Noise2Noise, the blind-spot network) train
                  one model on the noisy crops of all photos (%d steps of %d random %dx%d patches, Adam %.0e, a
                  %dx%d U-Net, or for the blind-spot network its own net of that size), then denoise every crop
                  in one pass: what `POST /v1/models` followed by `method=model` does.
                - **Per-photo methods** run once per crop on that crop alone: Deep Image Prior as the service runs a
                  `denoise` request (its network and defaults, stopped by the automatic rule), and Self2Self
                  (%d steps per crop, its 50-pass dropout ensemble), as in their papers.
                - PSNR in dB over all channels at peak 1; SSIM with an 11x11 Gaussian window, averaged over
                  channels. The figures below are the first photo (%s).

                """, photos.size(), setup.crop(), setup.crop(), setup.settings().maxSteps(),
                setup.settings().batchSize(), setup.settings().patchSize(), setup.settings().patchSize(),
                (double) setup.settings().learningRate(), setup.network().depth(), setup.network().width(),
                setup.photoSteps(), first.name());
    }

    private static String psnrTable(List<Photo> photos, List<MethodResult> results) {
        StringBuilder s = new StringBuilder("## PSNR / SSIM per photo\n\n| photo | noisy input |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (MethodResult r : results) {
            s.append(' ').append(r.method()).append(r.perPhoto() ? " (per photo)" : "").append(" |");
            rule.append("---|");
        }
        s.append('\n').append(rule).append('\n');
        double inputSum = 0;
        for (int p = 0; p < photos.size(); p++) {
            Photo photo = photos.get(p);
            inputSum += Metrics.psnr(photo.noisy(), photo.clean());
            s.append("| ").append(photo.name()).append(" | ").append(score(photo.noisy(), photo.clean())).append(" |");
            for (MethodResult r : results) {
                s.append(' ').append(score(r.results().get(p), photo.clean())).append(" |");
            }
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "| **mean PSNR** | %.2f |", inputSum / photos.size()));
        for (MethodResult r : results) {
            s.append(String.format(Locale.ROOT, " **%.2f** |", meanPsnr(photos, r)));
        }
        return s.append("\n\n").toString();
    }

    private static String published(List<Photo> photos, List<MethodResult> results) {
        StringBuilder s = new StringBuilder("## Next to the published numbers\n\n");
        s.append("| method | ours, mean PSNR over the crops above | published, sigma 25, Kodak |\n|---|---|---|\n");
        for (MethodResult r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", r.method(), meanPsnr(photos, r),
                    PUBLISHED.getOrDefault(r.method(), "none")));
        }
        s.append("""

                **What differs.** The papers train for 10^5 to 10^6 steps (Self2Self 1.5 x 10^5 per photo) with
                networks of 5 levels and 48 or more channels, on thousands of ImageNet or BSD images, on GPUs, and
                test on whole 768x512 Kodak photos. Here a small U-Net trains for minutes on the noisy crops of the
                very photos it then denoises, on 2 CPU cores. The ranking between methods and the gap to DIP are
                what this report can show; the absolute numbers are below the papers' by design. Kodak itself is not
                bundled (no licence to ship it); the photos here are the DIP paper's.

                """);
        return s.toString();
    }

    private static double meanPsnr(List<Photo> photos, MethodResult result) {
        double sum = 0;
        for (int p = 0; p < photos.size(); p++) {
            sum += Metrics.psnr(result.results().get(p), photos.get(p).clean());
        }
        return sum / photos.size();
    }

    private static String timing(Setup setup, List<MethodResult> results) {
        StringBuilder s = new StringBuilder("## Time\n\n");
        s.append("| method | training | steps | s per step | per crop | whole 512x512 photo |\n|---|---|---|---|---|---|\n");
        for (MethodResult r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %.1f s%s | %d | %.3f | %.2f s%s | %s |%n", r.method(),
                    r.trainSeconds(), r.perPhoto() ? " (all crops)" : " (once)", r.steps(),
                    r.trainSeconds() / Math.max(1, r.steps()), r.cropSeconds(),
                    r.perPhoto() ? " (optimisation)" : " (inference)",
                    Double.isNaN(r.largeSeconds()) ? "not timed" : String.format(Locale.ROOT, "%.2f s (tiled)",
                            r.largeSeconds())));
        }
        s.append(String.format(Locale.ROOT, """

                A collection model is trained once and then costs only its inference per photo; DIP and Self2Self
                pay their whole optimisation for every photo (and a 512x512 photo has 16 times the pixels of a
                %dx%d crop, so their per-step time grows about that much). Training steps are of %d patches of
                %dx%d whatever the photo's size.

                """, setup.crop(), setup.crop(), setup.settings().batchSize(), setup.settings().patchSize(),
                setup.settings().patchSize()));
        return s.toString();
    }

    private static String figures(Path figures, Photo photo, List<MethodResult> results) throws IOException {
        StringBuilder header = new StringBuilder("## Figures\n\n| noisy |");
        StringBuilder rule = new StringBuilder("|---|");
        StringBuilder cells = new StringBuilder("|").append(figure(figures, "noisy", photo.noisy()));
        for (MethodResult r : results) {
            header.append(' ').append(r.method()).append(" |");
            rule.append("---|");
            cells.append(figure(figures, r.method(), r.results().get(0)));
        }
        header.append(" clean |");
        rule.append("---|");
        cells.append(figure(figures, "clean", photo.clean()));
        return header + "\n" + rule + "\n" + cells + "\n";
    }

    private static String figure(Path figures, String name, Image image) throws IOException {
        Files.write(figures.resolve(name + ".png"), ImageCodec.encodePng(image, null, 8));
        return String.format(Locale.ROOT, " <img src=\"%s/%s.png\" width=\"%d\" alt=\"%s\"> |", FIGURES, name,
                FIGURE_WIDTH, name);
    }

    private static String score(Image image, Image clean) {
        return String.format(Locale.ROOT, "%.2f / %.3f", Metrics.psnr(image, clean), Metrics.ssim(image, clean));
    }
}
