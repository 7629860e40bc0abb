package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Stopping;
import dev.revive.model.Task;
import dev.revive.model.Topics;
import dev.revive.model.TrainingRequest;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.worker.engine.selfsup.ModelInfo;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training on a collection and serving the model by id, with the real engine on a real broker and store: noisy
 * gray pictures under a prefix train a Noise2Void model, which then denoises a held-out picture of the same kind
 * (measured: 20.12 dB to 28.97, 150 steps in 28 s on 2 cores with a build running; 5 dB is asked).
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1,"
                + Topics.TRAINING + ":1," + Topics.TRAINING_DEAD_LETTER + ":1"))
class ModelPipelineTest {
    static final Duration PATIENCE = Duration.ofMinutes(4);
    static final double SIGMA_25 = 25 / 255.0;
    static final int STEPS = 150;
    static KafkaProducer<String, String> producer;

    @Inject
    ObjectStore store;

    @BeforeAll
    static void connect() {
        producer = PipelineTestSupport.producer();
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    ModelRecord train(String prefix, RestorationOptions options) {
        return train(Method.NOISE2VOID, new CollectionRef(null, prefix), options);
    }

    ModelRecord train(Method method, CollectionRef collection, RestorationOptions options) {
        String id = JobIds.newId();
        PipelineTestSupport.send(producer, Topics.TRAINING, id, Json.write(TrainingRequest.of(id, method,
                collection, options, Instant.now())));
        return PipelineTestSupport.await(() -> store.readModel(id).orElse(null), m -> m.status().isTerminal(),
                PATIENCE, "model " + id);
    }

    JobRecord denoise(String model, byte[] photo) {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", photo, "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, id, Json.write(RestorationRequest.of(id, Task.DENOISE,
                Method.MODEL, input, null, null, null, Instant.now()).withModel(model)));
        return PipelineTestSupport.awaitFinal(store, id, PATIENCE);
    }

    @Test
    void aModelTrainedOnACollectionDenoisesAnotherPhotoOfTheKind() {
        String prefix = "collections/" + JobIds.newId() + "/";
        List<Image> clean = List.of(SyntheticImages.shapes(64, 64, 1), SyntheticImages.shapes(80, 64, 1),
                SyntheticImages.shapes(64, 96, 1));
        for (int i = 0; i < clean.size(); i++) {
            store.put(prefix + "scan-" + i + ".png", png(Noise.addGaussian(clean.get(i), SIGMA_25, i)), "image/png");
        }
        store.put(prefix + "broken.png", new byte[] {1, 2, 3}, "image/png");
        RestorationOptions options = new RestorationOptions(STEPS, 5L, 1e-3, null, null, 10, null, 16,
                Stopping.FIXED, 120, 0);
        long start = System.nanoTime();
        ModelRecord model = train(prefix, options);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        assertEquals(JobStatus.SUCCEEDED, model.status(), String.valueOf(model.error()));
        assertEquals(3, model.images());
        assertEquals(1, model.skipped());
        assertEquals(STEPS, model.progress().iteration());
        assertTrue(Double.isFinite(model.progress().validationLoss()), "the validation estimate is on the record");
        assertEquals("noise2void", model.metadata().get("method"));
        assertEquals("16", model.metadata().get("network.width"));
        assertTrue(store.exists(ModelKeys.of(model.modelId()).file(ModelInfo.FILE_NAME)));

        Image heldOut = SyntheticImages.shapes(72, 72, 1);
        byte[] noisyPng = png(Noise.addGaussian(heldOut, SIGMA_25, 999));
        Image noisy = ImageCodec.decode(noisyPng).color();
        start = System.nanoTime();
        JobRecord job = denoise(model.modelId(), noisyPng);
        double serveSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(JobStatus.SUCCEEDED, job.status(), String.valueOf(job.error()));
        Image denoised = ImageCodec.decode(store.read(job.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        double before = Metrics.psnr(noisy, heldOut);
        double after = Metrics.psnr(denoised, heldOut);
        System.out.printf("collection model (Noise2Void, %d steps, 3 gray images): trained in %.1f s, served in"
                + " %.1f s; held-out 72x72: %.2f dB -> %.2f dB (+%.2f)%n", STEPS, trainSeconds, serveSeconds, before,
                after, after - before);
        assertTrue(after - before >= 5, "the model gained " + (after - before) + " dB");

        JobRecord again = denoise(model.modelId(), noisyPng);
        assertEquals(JobStatus.SUCCEEDED, again.status(), "the cached model serves again");
    }

    /**
     * Two noisy shots of each scene under two prefixes train a Noise2Noise model; a shot without its partner and a
     * pair of two sizes are left out and counted.
     */
    @Test
    void pairsOfShotsTrainANoise2NoiseModelThatServes() {
        String root = "collections/" + JobIds.newId() + "/";
        List<Image> clean = List.of(SyntheticImages.shapes(64, 64, 1), SyntheticImages.shapes(80, 64, 1),
                SyntheticImages.shapes(64, 96, 1));
        for (int i = 0; i < clean.size(); i++) {
            store.put(root + "first/scene-" + i + ".png", png(Noise.addGaussian(clean.get(i), SIGMA_25, i)),
                    "image/png");
            store.put(root + "second/scene-" + i + ".png", png(Noise.addGaussian(clean.get(i), SIGMA_25, 100 + i)),
                    "image/png");
        }
        store.put(root + "second/alone.png", png(Noise.addGaussian(clean.get(0), SIGMA_25, 7)), "image/png");
        store.put(root + "first/odd.png", png(SyntheticImages.shapes(64, 64, 1)), "image/png");
        store.put(root + "second/odd.png", png(SyntheticImages.shapes(72, 64, 1)), "image/png");
        RestorationOptions options = new RestorationOptions(STEPS, 5L, 1e-3, null, null, 10, null, 16,
                Stopping.FIXED, 120, 0);
        long start = System.nanoTime();
        ModelRecord model = train(Method.NOISE2NOISE, new CollectionRef(null, root + "first/", root + "second/"),
                options);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        assertEquals(JobStatus.SUCCEEDED, model.status(), String.valueOf(model.error()));
        assertEquals(6, model.images(), "both shots of three scenes");
        assertEquals(3, model.skipped(), "the lone shot and the two of the mismatched pair");
        assertEquals("noise2noise", model.metadata().get("method"));
        assertEquals(String.valueOf(STEPS), model.metadata().get("steps"));

        Image heldOut = SyntheticImages.shapes(72, 72, 1);
        byte[] noisyPng = png(Noise.addGaussian(heldOut, SIGMA_25, 999));
        Image noisy = ImageCodec.decode(noisyPng).color();
        JobRecord job = denoise(model.modelId(), noisyPng);
        assertEquals(JobStatus.SUCCEEDED, job.status(), String.valueOf(job.error()));
        assertEquals(model.modelId(), job.model());
        Image denoised = ImageCodec.decode(store.read(job.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        double before = Metrics.psnr(noisy, heldOut);
        double after = Metrics.psnr(denoised, heldOut);
        System.out.printf("paired collection model (Noise2Noise, %d steps, 3 gray pairs): trained in %.1f s;"
                + " held-out 72x72: %.2f dB -> %.2f dB (+%.2f)%n", STEPS, trainSeconds, before, after, after - before);
        assertTrue(after - before >= 5, "the model gained " + (after - before) + " dB");
    }

    /**
     * Noisy pictures under one prefix and clean pictures of other sizes under another train an unpaired model, whose
     * progress shows every loss term; it then serves a held-out picture by id like any trained model. A few dozen steps
     * of a GAN do not denoise yet (at 60 steps the restorer still returns an almost flat picture; see docs/unpaired.md),
     * so the test asks that the served result is exactly what the stored restorer computes, not that it is good.
     */
    @Test
    void degradedAndCleanPhotosTrainAnUnpairedModelThatServes() {
        String root = "collections/" + JobIds.newId() + "/";
        List<Image> pictures = List.of(SyntheticImages.shapes(64, 64, 1), SyntheticImages.shapes(80, 64, 1));
        for (int i = 0; i < pictures.size(); i++) {
            store.put(root + "noisy/scan-" + i + ".png", png(Noise.addGaussian(pictures.get(i), SIGMA_25, i)),
                    "image/png");
        }
        store.put(root + "noisy/broken.png", new byte[] {1, 2, 3}, "image/png");
        store.put(root + "clean/a.png", png(SyntheticImages.shapes(72, 64, 1)), "image/png");
        store.put(root + "clean/b.png", png(SyntheticImages.shapes(96, 80, 1)), "image/png");
        store.put(root + "clean/tiny.png", png(SyntheticImages.shapes(8, 8, 1)), "image/png");
        int steps = 60;
        RestorationOptions options = new RestorationOptions(steps, 5L, 1e-3, null, null, 10, null, 8,
                Stopping.FIXED, 120, 0);
        long start = System.nanoTime();
        ModelRecord model = train(Method.UNPAIRED, CollectionRef.unpaired(null, root + "noisy/", root + "clean/"),
                options);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        assertEquals(JobStatus.SUCCEEDED, model.status(), String.valueOf(model.error()));
        assertEquals(4, model.images(), "two degraded and two clean");
        assertEquals(2, model.skipped(), "the broken file and the clean picture too small to train on");
        assertEquals("unpaired", model.metadata().get("method"));
        assertEquals(String.valueOf(steps), model.metadata().get("steps"));
        assertEquals("8", model.metadata().get("network.width"));
        assertEquals(List.of("adversarial", "background", "crossCycle", "discriminators", "reconstruction",
                "representation", "semantic"), List.copyOf(model.progress().losses().keySet()));
        assertTrue(model.progress().losses().values().stream().allMatch(Double::isFinite), model.progress().losses()
                .toString());
        assertTrue(Double.isFinite(model.progress().loss()));

        Image heldOut = SyntheticImages.shapes(72, 72, 1);
        byte[] noisyPng = png(Noise.addGaussian(heldOut, SIGMA_25, 999));
        JobRecord job = denoise(model.modelId(), noisyPng);
        assertEquals(JobStatus.SUCCEEDED, job.status(), String.valueOf(job.error()));
        Image restored = ImageCodec.decode(store.read(job.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        assertEquals(72, restored.width());
        assertEquals(72, restored.height());
        Image noisy = ImageCodec.decode(noisyPng).color();
        Image expected = restoredByTheStoredModel(model.modelId(), noisy);
        float worst = 0;
        for (int i = 0; i < expected.pixels().length; i++) {
            worst = Math.max(worst, Math.abs(expected.pixels()[i] - restored.pixels()[i]));
        }
        System.out.printf("unpaired collection model (%d steps, 2 noisy + 2 clean gray pictures): trained in %.1f s;"
                + " held-out 72x72: noisy %.2f dB, served %.2f dB, off the stored restorer by %.4f at most; last"
                + " losses %s%n", steps, trainSeconds, Metrics.psnr(noisy, heldOut), Metrics.psnr(restored, heldOut),
                worst, model.progress().losses());
        assertTrue(worst <= 0.6f / 255, "the served result is the stored restorer's output, to 8 bits: "
                + worst);
    }

    /** The model's files as the store holds them, loaded as a denoiser here, applied to {@code photo}. */
    private Image restoredByTheStoredModel(String modelId, Image photo) {
        ModelKeys keys = ModelKeys.of(modelId);
        java.nio.file.Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("unpaired-model-");
            for (String key : store.keys(keys.files())) {
                java.nio.file.Path target = dir.resolve(key.substring(keys.files().length()));
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.write(target, store.read(new ObjectRef(store.bucket(), key), Long.MAX_VALUE)
                        .orElseThrow());
            }
            try (Denoiser denoiser = Denoiser.load(dir, SessionOptions.defaults().withCpuBfloat16(false))) {
                return denoiser.denoise(photo);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (var files = java.nio.file.Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile)
                            .forEach(java.io.File::delete);
                } catch (java.io.IOException e) {
                    // a temporary directory left behind
                }
            }
        }
    }

    @Test
    void aCollectionWithoutImagesOrAnUnknownModelFailsWithItsReason() {
        String prefix = "collections/" + JobIds.newId() + "/";
        store.put(prefix + "notes.txt", "not a photo".getBytes(), "text/plain");
        ModelRecord model = train(prefix, null);
        assertEquals(JobStatus.FAILED, model.status());
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, model.error().code());
        assertEquals(1, model.skipped());

        JobRecord job = denoise(JobIds.newId(), png(SyntheticImages.shapes(32, 32, 1)));
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(ErrorCode.INPUT_NOT_FOUND, job.error().code(), job.error().message());
    }
}
