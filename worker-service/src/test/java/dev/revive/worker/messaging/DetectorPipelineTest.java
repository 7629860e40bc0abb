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
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.oldphoto.AgeingSettings;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defect detector as a training job through the real broker, store and engine: clean photos under a prefix (aged
 * by the synthesiser inside the worker) train a detector whose record shows its steps and losses; an old-photo
 * request then names it as its detector and succeeds, while a denoising request naming it as its model is refused.
 * A few steps detect nothing worth measuring, so nothing is asked of quality here (quality-old-photos.md is for that).
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1,"
                + Topics.TRAINING + ":1," + Topics.TRAINING_DEAD_LETTER + ":1"))
class DetectorPipelineTest {
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final int STEPS = 12;
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
    void cleanPhotosTrainADetectorThatAnOldPhotoRequestUses() {
        String prefix = "collections/" + JobIds.newId() + "/clean/";
        store.put(prefix + "a.png", png(SyntheticImages.shapes(40, 36, 3)), "image/png");
        store.put(prefix + "b.png", png(SyntheticImages.shapes(34, 44, 3)), "image/png");
        store.put(prefix + "c.png", png(SyntheticImages.shapes(48, 40, 3)), "image/png");
        store.put(prefix + "broken.png", new byte[] {1, 2, 3}, "image/png");
        RestorationOptions options = new RestorationOptions(STEPS, 5L, null, null, null, 4, null, 8,
                Stopping.FIXED, 300, 0);
        String id = JobIds.newId();
        PipelineTestSupport.send(producer, Topics.TRAINING, id, Json.write(TrainingRequest.of(id,
                Method.DEFECT_DETECTOR, new CollectionRef(null, prefix), options, Instant.now()).resolved()));
        ModelRecord model = PipelineTestSupport.await(() -> store.readModel(id).orElse(null),
                m -> m.status().isTerminal(), PATIENCE, "model " + id);

        assertEquals(JobStatus.SUCCEEDED, model.status(), String.valueOf(model.error()));
        assertEquals(Method.DEFECT_DETECTOR, model.method());
        assertEquals(3, model.images());
        assertEquals(1, model.skipped(), "the broken file");
        assertEquals("defect-detector", model.metadata().get("method"));
        assertEquals(String.valueOf(STEPS), model.metadata().get("steps"));
        assertEquals("8", model.metadata().get("network.width"));
        assertEquals("32", model.metadata().get("patchSize"), "the largest multiple of 4 within the smallest side, 34");
        assertEquals(STEPS, model.progress().iteration());
        assertTrue(Double.isFinite(model.progress().loss()) && model.progress().loss() > 0, model.progress().toString());
        assertTrue(Double.isFinite(model.progress().validationLoss()), model.progress().toString());
        double seconds = Duration.between(model.startedAt(), model.finishedAt()).toMillis() / 1000.0;
        System.out.printf("detector job: %d steps (batch 8, 32x32 patches, width 8) in %.1f s from start to"
                + " success, graph build and upload included: %.2f steps/s%n", STEPS, seconds, STEPS / seconds);

        Image old = new AgeingSynthesiser(AgeingSettings.training()).age(SyntheticImages.shapes(48, 40, 3), 21).old();
        String jobId = JobIds.newId();
        ObjectRef input = store.put("incoming/" + jobId + ".png", png(old), "image/png");
        RestorationOptions repair = new RestorationOptions(2, 3L, null, null, null, 1, null, 8, null, null, 0,
                model.modelId(), null, null);
        PipelineTestSupport.send(producer, Topics.REQUESTS, jobId, Json.write(RestorationRequest.of(jobId,
                Task.OLD_PHOTO, input, null, null, repair, Instant.now())));
        JobRecord repaired = PipelineTestSupport.awaitFinal(store, jobId, PATIENCE);
        assertEquals(JobStatus.SUCCEEDED, repaired.status(), String.valueOf(repaired.error()));
        assertEquals(model.modelId(), repaired.options().detector());
        Image result = ImageCodec.decode(store.read(repaired.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        assertEquals(old.width(), result.width());
        assertEquals(old.height(), result.height());

        String denoiseId = JobIds.newId();
        ObjectRef photo = store.put("incoming/" + denoiseId + ".png", png(old), "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, denoiseId, Json.write(RestorationRequest.of(denoiseId,
                Task.DENOISE, Method.MODEL, photo, null, null, null, Instant.now()).withModel(model.modelId())));
        JobRecord refused = PipelineTestSupport.awaitFinal(store, denoiseId, PATIENCE);
        assertEquals(JobStatus.FAILED, refused.status());
        assertEquals(ErrorCode.UNSUPPORTED_MODEL, refused.error().code());
        assertTrue(refused.error().message().contains("defect detector"), refused.error().message());
    }
}
