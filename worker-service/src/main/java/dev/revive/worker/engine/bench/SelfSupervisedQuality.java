package dev.revive.worker.engine.bench;

import dev.revive.model.Task;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.selfsup.Denoiser;
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
 * The self-supervised denoisers against Deep Image Prior on the same noisy photos, written to
 * {@code docs/quality-self-supervised.md}. The collection methods train one model on the noisy crops of all
 * photos (Noise2Noise on two independent noisy shots of each) and then denoise every crop; Self2Self and DIP,
 * per-photo methods in their papers, run once per crop. Nothing is trained on a clean pixel.
 *
 * <p>Options (defaults): {@code --data DIR} (bench/data), {@code --out FILE} (docs/quality-self-supervised.md),
 * {@code --crop N} (128), {@code --steps N} (2000, collection training), {@code --photo-steps N} (600,
 * Self2Self per crop), {@code --patch N} (64), {@code --batch N} (8), {@code --depth N} (2), {@code --width N}
 * (32), {@code --lr X} (0.0004), {@code --seed N} (0), {@code --collection n2v,ne2ne,n2n,bsn}
 * (or {@code none}), {@code --per-photo s2s} (or {@code none}), {@code --no-dip}, and the session switches of {@link BenchOptions} (DIP runs with
 * them; training runs in float32 whatever they say).
 */
public final class SelfSupervisedQuality {

    static final double SIGMA_25 = 25 / 255.0;
    /** The bundled photos that have a clean original to score against; gray barbara is scored in colour. */
    static final List<String> PHOTOS = List.of("F16_GT.png", "kate.png", "barbara.png", "zebra_GT.png");
    /** The whole photo timed for inference at a realistic size. */
    static final String LARGE_PHOTO = "barbara.png";

    private SelfSupervisedQuality() {}

    /** What was run, for the report's header. */
    record Setup(int crop, TrainingSettings settings, int photoSteps, UNetConfig network, String session,
            String command) {
    }

    /** One photo of the run: its clean crop and two independent noisy shots. */
    record Photo(String name, Image clean, Image noisy, Image secondShot) {
    }

    /**
     * One method's outcome.
     *
     * @param results the denoised crop per photo, in {@link #PHOTOS} order
     * @param trainSeconds wall time of training (all crops for a collection model; summed over crops per photo)
     * @param steps training or optimisation steps (per crop for per-photo methods, summed)
     * @param cropSeconds wall time per crop at inference (collection) or per crop in all (per photo)
     * @param largeSeconds inference on the whole large photo, or NaN where it was not timed
     */
    record MethodResult(String method, boolean perPhoto, List<Image> results, double trainSeconds, long steps,
            double cropSeconds, double largeSeconds) {
    }

    public static void main(String[] args) throws IOException {
        List<String> tokens = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), tokens);
        Path data = Path.of("bench/data");
        Path out = Path.of("docs/quality-self-supervised.md");
        int crop = 128;
        int photoSteps = 600;
        int depth = 2;
        int width = 32;
        boolean dip = true;
        String collection = "n2v,ne2ne,n2n,bsn";
        String perPhoto = "s2s";
        // the service's training settings: at 32x32 patches and lr 1e-3 Noise2Void and Neighbor2Neighbor
        // stayed at the noisy input (20.1 dB) over 1500 steps where these reach 27.4 and 28.4
        TrainingSettings settings = TrainingSettings.defaults().withProgressEvery(100);
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "--data" -> data = Path.of(tokens.get(++i));
                case "--out" -> out = Path.of(tokens.get(++i));
                case "--crop" -> crop = Integer.parseInt(tokens.get(++i));
                case "--steps" -> settings = settings.withMaxSteps(Integer.parseInt(tokens.get(++i)));
                case "--photo-steps" -> photoSteps = Integer.parseInt(tokens.get(++i));
                case "--patch" -> settings = settings.withPatch(Integer.parseInt(tokens.get(++i)),
                        settings.batchSize());
                case "--batch" -> settings = settings.withPatch(settings.patchSize(), Integer.parseInt(tokens.get(++i)));
                case "--depth" -> depth = Integer.parseInt(tokens.get(++i));
                case "--width" -> width = Integer.parseInt(tokens.get(++i));
                case "--lr" -> settings = settings.withLearningRate(Float.parseFloat(tokens.get(++i)));
                case "--seed" -> settings = settings.withSeed(Long.parseLong(tokens.get(++i)));
                case "--collection" -> collection = tokens.get(++i);
                case "--per-photo" -> perPhoto = tokens.get(++i);
                case "--no-dip" -> dip = false;
                default -> throw new IllegalArgumentException("unknown argument " + tokens.get(i)
                        + "; use [--data DIR] [--out FILE] [--crop N] [--steps N] [--photo-steps N] [--patch N]"
                        + " [--batch N] [--depth N] [--width N] [--lr X] [--seed N] [--collection n2v,...]"
                        + " [--per-photo s2s] [--no-dip] " + BenchOptions.USAGE);
            }
        }
        List<Photo> photos = photos(data, crop);
        Image large = Noise.addGaussian(read(data.resolve(LARGE_PHOTO)).withChannels(3), SIGMA_25, 99);
        UNetConfig network = new UNetConfig(depth, width, photos.get(0).clean().channels(), true);
        Setup setup = new Setup(crop, settings, photoSteps, network, BenchOptions.describe(session),
                System.getenv().getOrDefault("REVIVE_BENCH_COMMAND",
                        SelfSupervisedQuality.class.getSimpleName() + " " + String.join(" ", args)));
        System.out.printf("photos=%d crop=%d steps=%d photo_steps=%d patch=%d batch=%d network=%dx%d%n",
                photos.size(), crop, settings.maxSteps(), photoSteps, settings.patchSize(), settings.batchSize(),
                depth, width);

        long start = System.nanoTime();
        SelfSupervisedTrainer trainer = new SelfSupervisedTrainer(session);
        List<MethodResult> results = new ArrayList<>();
        if (dip) {
            results.add(deepImagePrior(photos, session));
        }
        for (String key : split(collection)) {
            results.add(collection(trainer, SelfSupervisedReport.method(key), photos, large, network, settings));
        }
        for (String key : split(perPhoto)) {
            results.add(perPhoto(trainer, SelfSupervisedReport.method(key), photos, network,
                    settings.withMaxSteps(photoSteps)));
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        SelfSupervisedQualityDoc.write(out, setup, photos, results, minutes);
        System.out.printf("wrote %s in %.1f min%n", out, minutes);
    }

    static List<Photo> photos(Path data, int crop) throws IOException {
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < PHOTOS.size(); i++) {
            Image clean = read(data.resolve(PHOTOS.get(i))).centreCrop(crop).withChannels(3);
            photos.add(new Photo(PHOTOS.get(i), clean, Noise.addGaussian(clean, SIGMA_25, 1 + i),
                    Noise.addGaussian(clean, SIGMA_25, 1001 + i)));
        }
        return photos;
    }

    /** DIP as the service runs a denoise request: its network and defaults, stopped by its automatic rule. */
    private static MethodResult deepImagePrior(List<Photo> photos, SessionOptions session) {
        List<Image> images = new ArrayList<>();
        double seconds = 0;
        long steps = 0;
        for (Photo photo : photos) {
            Experiment experiment = new Experiment("dip-" + photo.name(), photo.name(), Task.DENOISE,
                    Observation.noisy(photo.noisy()), photo.noisy(), photo.clean(), null, null, 3000, "", null);
            long start = System.nanoTime();
            Outcome outcome = QualityReport.run(experiment, 0, session, 0);
            seconds += (System.nanoTime() - start) / 1e9;
            images.add(outcome.serviceResult() != null ? outcome.serviceResult() : outcome.last());
            steps += outcome.serviceIteration();
        }
        return new MethodResult("deep-image-prior", true, images, seconds, steps, seconds / photos.size(), Double.NaN);
    }

    private static MethodResult collection(SelfSupervisedTrainer trainer, TrainingMethod method, List<Photo> photos,
            Image large, UNetConfig residual, TrainingSettings settings) {
        List<Image> first = photos.stream().map(Photo::noisy).toList();
        TrainingData data = method.observations() == 2
                ? TrainingData.pairs(first, photos.stream().map(Photo::secondShot).toList())
                : TrainingData.of(first);
        long start = System.nanoTime();
        try (TrainedModel model = trainer.train(data, method, network(residual, method), settings,
                progress(method.name()), CancellationSignal.NEVER)) {
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            Denoiser denoiser = model.denoiser();
            denoiser.denoise(first.get(0));
            List<Image> results = new ArrayList<>();
            long inference = System.nanoTime();
            for (Image noisy : first) {
                results.add(denoiser.denoise(noisy));
            }
            double cropSeconds = (System.nanoTime() - inference) / 1e9 / first.size();
            long whole = System.nanoTime();
            denoiser.denoise(large, 512L * 512, 32, CancellationSignal.NEVER);
            double largeSeconds = (System.nanoTime() - whole) / 1e9;
            System.out.printf("%s: trained %d steps in %.1f s, %.3f s a crop, %.2f s for %dx%d%n", method.name(),
                    model.info().steps(), trainSeconds, cropSeconds, largeSeconds, large.width(), large.height());
            return new MethodResult(method.name(), false, results, trainSeconds, model.info().steps(), cropSeconds,
                    largeSeconds);
        }
    }

    private static MethodResult perPhoto(SelfSupervisedTrainer trainer, TrainingMethod method, List<Photo> photos,
            UNetConfig residual, TrainingSettings settings) {
        List<Image> results = new ArrayList<>();
        double seconds = 0;
        long steps = 0;
        for (Photo photo : photos) {
            long start = System.nanoTime();
            try (TrainedModel model = trainer.train(TrainingData.of(List.of(photo.noisy())), method,
                    network(residual, method), settings, progress(method.name()), CancellationSignal.NEVER)) {
                results.add(model.denoiser().denoise(photo.noisy()));
                steps += model.info().steps();
            }
            seconds += (System.nanoTime() - start) / 1e9;
        }
        return new MethodResult(method.name(), true, results, seconds, steps, seconds / photos.size(), Double.NaN);
    }

    private static UNetConfig network(UNetConfig residual, TrainingMethod method) {
        return method.residualAllowed() ? residual
                : new UNetConfig(residual.depth(), residual.width(), residual.channels(), false);
    }

    private static ProgressListener progress(String method) {
        return p -> {
            if (p.iteration() % 500 == 0) {
                System.out.printf("  %s step %d loss %.5f%n", method, p.iteration(), p.loss());
            }
        };
    }

    private static List<String> split(String list) {
        return list.isBlank() || list.equals("none") ? List.of() : List.of(list.split(","));
    }

    private static Image read(Path file) throws IOException {
        return ImageCodec.decode(Files.readAllBytes(file)).color();
    }
}
