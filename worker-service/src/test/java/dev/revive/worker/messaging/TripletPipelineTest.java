package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
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
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.selfsup.Denoiser;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The triplet method through the real broker, store and engine: real old photos under one prefix and clean ones
 * under another (aged by the synthesiser inside the worker) train a model whose record shows stage 2's terms; the
 * model then serves a held-out old photo by id, exactly as the stored restorer computes it, as a denoiser and as an
 * old-photo repair fed the photo's defect mask. A few steps do not restore yet, so nothing is asked of quality here
 * (that is docs/quality-old-photos.md's).
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1,"
                + Topics.TRAINING + ":1," + Topics.TRAINING_DEAD_LETTER + ":1"))
class TripletPipelineTest {
    static final Duration PATIENCE = Duration.ofMinutes(6);
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

    @Test
    void realOldAndCleanPhotosTrainATripletModelThatServes() {
        String root = "collections/" + JobIds.newId() + "/";
        store.put(root + "old/a.png", png(Noise.addGaussian(SyntheticImages.shapes(64, 64, 1), 0.1, 1)), "image/png");
        store.put(root + "old/broken.png", new byte[] {1, 2, 3}, "image/png");
        store.put(root + "clean/a.png", png(SyntheticImages.shapes(72, 64, 1)), "image/png");
        store.put(root + "clean/b.png", png(SyntheticImages.shapes(64, 80, 1)), "image/png");
        int steps = 6;
        RestorationOptions options = new RestorationOptions(steps, 5L, 1e-3, null, null, 1, null, 8,
                Stopping.FIXED, 300, 0);
        String id = JobIds.newId();
        PipelineTestSupport.send(producer, Topics.TRAINING, id, Json.write(TrainingRequest.of(id,
                Method.OLD_PHOTO_TRIPLET, CollectionRef.unpaired(null, root + "old/", root + "clean/"), options,
                Instant.now())));
        ModelRecord model = PipelineTestSupport.await(() -> store.readModel(id).orElse(null),
                m -> m.status().isTerminal(), PATIENCE, "model " + id);

        assertEquals(JobStatus.SUCCEEDED, model.status(), String.valueOf(model.error()));
        assertEquals(3, model.images(), "one real old and two clean");
        assertEquals(1, model.skipped(), "the broken file");
        assertEquals("old-photo-triplet", model.metadata().get("method"));
        assertEquals(String.valueOf(steps), model.metadata().get("steps"));
        assertEquals("8", model.metadata().get("network.width"));
        assertEquals(List.of("featureMatching", "imageAdversarial", "imageDiscriminator", "mapping"),
                model.progress().losses().keySet().stream().sorted().toList(), "the last step's stage: the mapping");
        assertTrue(model.progress().losses().values().stream().allMatch(Double::isFinite));

        byte[] oldPng = png(Noise.addGaussian(SyntheticImages.shapes(70, 52, 1), 0.1, 9));
        String jobId = JobIds.newId();
        ObjectRef input = store.put("incoming/" + jobId + ".png", oldPng, "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, jobId, Json.write(RestorationRequest.of(jobId,
                Task.DENOISE, Method.MODEL, input, null, null, null, Instant.now()).withModel(model.modelId())));
        JobRecord job = PipelineTestSupport.awaitFinal(store, jobId, PATIENCE);
        assertEquals(JobStatus.SUCCEEDED, job.status(), String.valueOf(job.error()));
        Image restored = ImageCodec.decode(store.read(job.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        assertEquals(List.of(70, 52), List.of(restored.width(), restored.height()));
        Image photo = ImageCodec.decode(oldPng).color();
        assertWithin(0.6f / 255, restoredByTheStoredModel(model.modelId(), photo, null), restored);

        // the old-photo task with the same model, the uploaded mask (black = defect) fed to it. Six steps leave the
        // output nearly flat, the mask's effect under one 8-bit level, so the photo goes as a 16-bit PNG
        Image photo16 = ImageCodec.decode(ImageCodec.encodePng(photo, null, 16)).color();
        float[] known = new float[70 * 52];
        java.util.Arrays.fill(known, 1f);
        for (int y = 20; y < 36; y++) {
            for (int x = 40; x < 60; x++) {
                known[y * 70 + x] = 0f;
            }
        }
        String repairId = JobIds.newId();
        ObjectRef old = store.put("incoming/" + repairId + ".png", ImageCodec.encodePng(photo16, null, 16),
                "image/png");
        ObjectRef mask = store.put("incoming/" + repairId + "-mask.png", png(new Image(70, 52, 1, known)),
                "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, repairId, Json.write(RestorationRequest.of(repairId,
                Task.OLD_PHOTO, Method.MODEL, old, mask, null, null, Instant.now()).withModel(model.modelId())));
        JobRecord repair = PipelineTestSupport.awaitFinal(store, repairId, PATIENCE);
        assertEquals(JobStatus.SUCCEEDED, repair.status(), String.valueOf(repair.error()));
        Image repaired = ImageCodec.decode(store.read(repair.result().object(), Long.MAX_VALUE).orElseThrow())
                .color();
        assertWithin(1e-4f, restoredByTheStoredModel(model.modelId(), photo16, known), repaired);
        Image unmasked = restoredByTheStoredModel(model.modelId(), photo16, null);
        float effect = 0;
        for (int i = 0; i < known.length; i++) {
            effect = Math.max(effect, Math.abs(repaired.pixels()[i] - unmasked.pixels()[i]));
        }
        assertTrue(effect > 5e-4f, "the mask changed the result: " + effect);
    }

    private static void assertWithin(float tolerance, Image expected, Image served) {
        float worst = 0;
        for (int i = 0; i < expected.pixels().length; i++) {
            worst = Math.max(worst, Math.abs(expected.pixels()[i] - served.pixels()[i]));
        }
        assertTrue(worst <= tolerance, "the served result is the stored restorer's output: " + worst);
    }

    /**
     * The model's files as the store holds them, loaded as a denoiser here, applied to {@code photo} with the
     * defects of {@code known} (null: none).
     */
    private Image restoredByTheStoredModel(String modelId, Image photo, float[] known) {
        ModelKeys keys = ModelKeys.of(modelId);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("triplet-model-");
            for (String key : store.keys(keys.files())) {
                Path target = dir.resolve(key.substring(keys.files().length()));
                Files.createDirectories(target.getParent());
                Files.write(target, store.read(new ObjectRef(store.bucket(), key), Long.MAX_VALUE).orElseThrow());
            }
            try (Denoiser denoiser = Denoiser.load(dir, SessionOptions.defaults().withCpuBfloat16(false))) {
                return denoiser.denoise(photo, known);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }
        }
    }
}
