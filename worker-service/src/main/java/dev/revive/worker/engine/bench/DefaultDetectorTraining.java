package dev.revive.worker.engine.bench;

import dev.revive.model.Method;
import dev.revive.model.RestorationOptions;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.oldphoto.AgeingSettings;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
import dev.revive.worker.engine.oldphoto.DefaultDetector;
import dev.revive.worker.engine.oldphoto.DetectorModel;
import dev.revive.worker.engine.oldphoto.DetectorTrainer;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Trains the default defect detector shipped in the worker's resources: on the clean photos of
 * bench/data except the ones {@link OldPhotoQuality} holds out, aged by the synthesiser's training
 * settings, with a {@code defect-detector} training job's defaults unless told otherwise. Usage:
 * {@code bench/default-detector [--minutes N] [--steps N] [--width N] [--patch N] [--batch N]
 * [--lr X] [--seed N] --data DIR --out DIR}.
 */
public final class DefaultDetectorTraining {

    /** Photos of bench/data the detector never sees, so the report scores it on unseen scenes. */
    static final Set<String> HELD_OUT = Set.of("kate.png", "zebra_GT.png");

    private DefaultDetectorTraining() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        double minutes = 10;
        RestorationOptions job = RestorationOptions.defaultsFor(Method.DEFECT_DETECTOR);
        int steps = job.iterations();
        int width = DetectorTrainer.WIDTH;
        int patch = TrainingSettings.defaults().patchSize();
        int batch = TrainingSettings.defaults().batchSize();
        float lr = job.learningRate().floatValue();
        long seed = 1;
        Path data = null;
        Path out = null;
        for (int i = 0; i < rest.size(); i++) {
            String value = i + 1 < rest.size() ? rest.get(i + 1) : "";
            switch (rest.get(i++)) {
                case "--minutes" -> minutes = Double.parseDouble(value);
                case "--steps" -> steps = Integer.parseInt(value);
                case "--width" -> width = Integer.parseInt(value);
                case "--patch" -> patch = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--lr" -> lr = Float.parseFloat(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i - 1));
            }
        }
        List<Image> clean = trainingPhotos(data);
        TrainingSettings settings = new TrainingSettings(patch, batch, steps,
                Duration.ofMillis((long) (minutes * 60_000)), lr, seed, 25);
        long start = System.nanoTime();
        DetectorTrainer trainer = new DetectorTrainer(session, new AgeingSynthesiser(AgeingSettings.training()));
        try (DetectorModel model = trainer.train(clean, DetectorTrainer.network(3, width), settings,
                p -> System.out.printf("step %d/%d loss %.4f validation %.4f%n", p.iteration(),
                        p.totalIterations(), p.loss(), p.validationLoss()),
                () -> false, CheckpointListener.NONE)) {
            deleteTree(out);
            Path temp = Files.createTempDirectory("revive-detector-");
            Path saved = temp.resolve("model");
            model.save(saved);
            for (String name : DefaultDetector.FILES) {
                Files.createDirectories(out.resolve(name).getParent());
                Files.copy(saved.resolve(name), out.resolve(name));
            }
            deleteTree(temp);
            System.out.printf("trained %d steps in %.1f s on %d photos, final loss %.4f, saved to %s%n",
                    model.info().steps(), (System.nanoTime() - start) / 1e9, clean.size(),
                    model.info().finalLoss(), out);
        }
    }

    /** The RGB photos of {@code data} apart from the held-out ones. */
    static List<Image> trainingPhotos(Path data) throws IOException {
        List<Image> photos = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (HELD_OUT.contains(name) || name.contains("mask") || !(name.endsWith(".png")
                        || name.endsWith(".jpg"))) {
                    continue;
                }
                photos.add(ImageCodec.decode(Files.readAllBytes(file)).color().withChannels(3));
            }
        }
        return photos;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
