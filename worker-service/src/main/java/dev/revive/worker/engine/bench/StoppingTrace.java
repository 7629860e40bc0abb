package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.DipGraph;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.PaddedImage;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.dip.StoppingRule;
import dev.revive.worker.engine.dip.stop.MovingVariance;
import dev.revive.worker.engine.dip.stop.NoiseLevel;
import dev.revive.worker.engine.dip.stop.StoppingRules;
import dev.revive.worker.engine.dip.stop.VarianceRule;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.nn.SkipConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Records, step by step, everything a stopping rule could look at (the loss, the fit of the
 * average to the degraded image, the windowed moving variance of the raw outputs) next to what
 * only a benchmark knows (the PSNR of the raw and the averaged output against the clean image), so
 * rules can be compared offline on the CSV without rerunning TensorFlow.
 *
 * <p>Options (defaults): {@code --image PATH} (required), {@code --crop N} (the N x N centre,
 * 0 = whole image; 128), {@code --iters N} (3000), {@code --seed N} (DIP seed; 1),
 * {@code --noise-seed N} (1), {@code --sigma S} (Gaussian noise in 0..255 units; 25; 0 for none),
 * {@code --jpeg Q} (degrade by JPEG at quality Q instead of noise), {@code --windows A,B,..}
 * (moving-variance windows; 25,50,100,200), {@code --out FILE} (default under
 * {@code target/stopping-traces/}), and the switches of {@link BenchOptions}.
 * From the repository root: {@code bench/stopping --seed 1}.
 *
 * <p>{@code --evaluate FILE...} replays recorded traces instead: for each, the best averaged
 * iterate, and where ES-WMV (the default) and the discrepancy rule stop, and what the average
 * is worth there.
 */
public final class StoppingTrace {

    private StoppingTrace() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && BenchOptions.tokens(args).get(0).equals("--evaluate")) {
            List<String> files = BenchOptions.tokens(args);
            evaluate(files.subList(1, files.size()));
            return;
        }
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        Path imagePath = null;
        Path out = null;
        int crop = 128;
        int iterations = 3000;
        long seed = 1;
        long noiseSeed = 1;
        double sigma255 = 25;
        int jpegQuality = 0;
        int[] windows = {25, 50, 100, 200};
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--image" -> imagePath = Path.of(rest.get(++i));
                case "--out" -> out = Path.of(rest.get(++i));
                case "--crop" -> crop = Integer.parseInt(rest.get(++i));
                case "--iters" -> iterations = Integer.parseInt(rest.get(++i));
                case "--seed" -> seed = Long.parseLong(rest.get(++i));
                case "--noise-seed" -> noiseSeed = Long.parseLong(rest.get(++i));
                case "--sigma" -> sigma255 = Double.parseDouble(rest.get(++i));
                case "--jpeg" -> jpegQuality = Integer.parseInt(rest.get(++i));
                case "--windows" -> windows = Arrays.stream(rest.get(++i).split(","))
                        .mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + rest.get(i)
                        + "; use --image PATH [--crop N] [--iters N] [--seed N] [--noise-seed N]"
                        + " [--sigma S] [--jpeg Q] [--windows A,B] [--out FILE] "
                        + BenchOptions.USAGE + ", or --evaluate TRACE.csv...");
            }
        }
        if (imagePath == null) {
            throw new IllegalArgumentException("--image PATH is required");
        }
        Image clean = ImageCodec.decode(Files.readAllBytes(imagePath)).color();
        if (crop > 0) {
            clean = clean.centreCrop(crop);
        }
        String degradation = jpegQuality > 0 ? "jpeg" + jpegQuality
                : "sigma" + String.format(Locale.ROOT, "%.0f", sigma255);
        Image degraded = jpegQuality > 0 ? jpeg(clean, jpegQuality)
                : Noise.addGaussian(clean, sigma255 / 255, noiseSeed);
        if (out == null) {
            String name = imagePath.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            out = Path.of("target", "stopping-traces", String.format("%s-%d-%s-n%d-s%d.csv",
                    name, clean.width(), degradation, noiseSeed, seed));
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        DipSettings settings = DipSettings.denoiseDefaults().withIterations(iterations).withSeed(seed);
        String header = String.format(Locale.ROOT,
                "# image=%s size=%dx%d degradation=%s noise_seed=%d seed=%d iters=%d session=%s"
                        + " degraded_psnr=%.3f true_mse=%.6g sigma_hat=%.6f",
                imagePath.getFileName(), clean.width(), clean.height(), degradation, noiseSeed, seed,
                iterations, BenchOptions.describe(session), Metrics.psnr(degraded, clean),
                mse(degraded.pixels(), clean.pixels()), NoiseLevel.sigma(degraded));
        System.out.println(header + " out=" + out);
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            writer.println(header);
            run(clean, degraded, settings, session, windows, writer);
        }
    }

    private static void run(Image clean, Image degraded, DipSettings settings, SessionOptions session,
            int[] windows, PrintWriter writer) {
        SkipConfig config = SkipConfig.reference(degraded.channels());
        PaddedImage padded = PaddedImage.reflect(degraded,
                config.acceptedSize(degraded.width()), config.acceptedSize(degraded.height()));
        MovingVariance[] variances = Arrays.stream(windows).mapToObj(MovingVariance::new)
                .toArray(MovingVariance[]::new);
        StringBuilder columns = new StringBuilder("iter,loss,fit_avg,psnr_raw,psnr_avg");
        for (int window : windows) {
            columns.append(",wmv").append(window);
        }
        writer.println(columns.append(",seconds"));
        try (DipGraph graph = DipGraph.forDenoising(
                padded.padded().height(), padded.padded().width(), config, session)) {
            graph.reset(settings);
            graph.loadObservation(padded.padded().pixels(), padded.mask());
            long start = System.nanoTime();
            for (int done = 1; done <= settings.iterations(); done++) {
                float[] rawPadded = graph.stepReturningOutput();
                // the variance rule sees what the loop hands it: the padded output
                for (MovingVariance variance : variances) {
                    variance.add(rawPadded);
                }
                Image raw = padded.crop(clamp(rawPadded));
                Image average = padded.crop(clamp(graph.averagedOutput()));
                // The graph's loss is this MSE: the fetched output is the one the step was taken on.
                double loss = mse(raw.pixels(), degraded.pixels());
                StringBuilder line = new StringBuilder();
                line.append(done).append(',').append(fmt(loss))
                        .append(',').append(fmt(mse(average.pixels(), degraded.pixels())))
                        .append(',').append(fmt(Metrics.psnr(raw, clean)))
                        .append(',').append(fmt(Metrics.psnr(average, clean)));
                for (MovingVariance variance : variances) {
                    line.append(',').append(fmt(variance.value()));
                }
                line.append(',').append(String.format(Locale.ROOT, "%.1f",
                        (System.nanoTime() - start) / 1e9));
                writer.println(line);
                if (done % 50 == 0) {
                    writer.flush();
                    System.out.println(line);
                }
            }
        }
    }

    /** Replays the rules on recorded traces; no TensorFlow involved. */
    private static void evaluate(List<String> files) throws IOException {
        System.out.println("trace,steps,best_iter,best_psnr,rule,stop_iter,stop_psnr,gap_db");
        for (String file : files) {
            List<String> lines = Files.readAllLines(Path.of(file));
            double sigmaHat = Double.parseDouble(
                    lines.get(0).replaceFirst(".*sigma_hat=(\\S+).*", "$1"));
            List<String> columns = List.of(lines.get(1).split(","));
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
            }
            int iter = columns.indexOf("iter");
            int loss = columns.indexOf("loss");
            int average = columns.indexOf("psnr_avg");
            int best = 0;
            for (int r = 0; r < rows.size(); r++) {
                best = rows.get(r)[average] > rows.get(best)[average] ? r : best;
            }
            String name = Path.of(file).getFileName().toString();
            String prefix = String.format(Locale.ROOT, "%s,%d,%d,%.2f,", name, rows.size(),
                    (int) rows.get(best)[iter], rows.get(best)[average]);

            int variance = columns.indexOf("wmv" + StoppingRules.WINDOW);
            if (variance >= 0) {
                VarianceRule esWmv = StoppingRules.esWmv();
                int stop = -1;
                for (int r = 0; r < rows.size() && stop < 0; r++) {
                    double value = rows.get(r)[variance];
                    stop = !Double.isNaN(value) && esWmv.onVariance((int) rows.get(r)[iter], value)
                            ? r : -1;
                }
                System.out.println(prefix + outcome("es-wmv(default)", rows, stop, iter, average,
                        best));
            }

            StoppingRule discrepancy = StoppingRules.discrepancy(sigmaHat);
            int stop = -1;
            for (int r = 0; r < rows.size() && stop < 0; r++) {
                stop = discrepancy.shouldStop((int) rows.get(r)[iter], rows.get(r)[loss], null)
                        ? r : -1;
            }
            System.out.println(prefix + outcome("discrepancy", rows, stop, iter, average, best));
        }
    }

    private static String outcome(String rule, List<double[]> rows, int stop, int iter, int average,
            int best) {
        int at = stop < 0 ? rows.size() - 1 : stop;
        return String.format(Locale.ROOT, "%s,%s%d,%.2f,%.2f", rule, stop < 0 ? "cap:" : "",
                (int) rows.get(at)[iter], rows.get(at)[average],
                rows.get(best)[average] - rows.get(at)[average]);
    }

    static double mse(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum / a.length;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static float[] clamp(float[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.min(1f, Math.max(0f, pixels[i]));
        }
        return pixels;
    }

    /** The degraded photo a JPEG at {@code quality} (1..100) makes of {@code clean}. */
    private static Image jpeg(Image clean, int quality) throws IOException {
        int width = clean.width();
        int height = clean.height();
        BufferedImage buffered = new BufferedImage(width, height, clean.channels() == 3
                ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.round(clean.pixel(x, y, 0) * 255);
                int g = clean.channels() == 3 ? Math.round(clean.pixel(x, y, 1) * 255) : r;
                int b = clean.channels() == 3 ? Math.round(clean.pixel(x, y, 2) * 255) : r;
                if (clean.channels() == 3) {
                    buffered.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    buffered.getRaster().setSample(x, y, 0, r);
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } finally {
            writer.dispose();
        }
        return ImageCodec.decode(bytes.toByteArray()).color();
    }
}
