package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobIds;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.MaskUse;
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
 * The old-photo task end to end with the real engine on a real broker and store: the shipped detector finds the
 * defects of a synthetically aged photo, DIP fills and denoises it in a few steps; an uploaded mask replaces
 * detection; bad masks and detectors fail the job with a reason; a detector trained as a job repairs one too.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1,"
                + Topics.TRAINING + ":1," + Topics.TRAINING_DEAD_LETTER + ":1"))
class OldPhotoPipelineTest {
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final int STEPS = 4;
    static final int DETECTOR_STEPS = 12;
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

    static RestorationOptions options(String detector, Double threshold, MaskUse use) {
        return new RestorationOptions(STEPS, 3L, null, null, null, 1, null, 8, null, null, 0, detector, threshold,
                use);
    }

    JobRecord repair(Image photo, byte[] mask, RestorationOptions options) {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", png(photo), "image/png");
        ObjectRef maskRef = mask == null ? null : store.put(JobKeys.of(id).mask(), mask, "image/png");
        PipelineTestSupport.send(producer, Topics.REQUESTS, id, Json.write(RestorationRequest.of(id, Task.OLD_PHOTO,
                input, maskRef, null, options, Instant.now())));
        return PipelineTestSupport.awaitFinal(store, id, PATIENCE);
    }

    static Image aged() {
        return new AgeingSynthesiser(AgeingSettings.training()).age(SyntheticImages.shapes(48, 40, 3), 21).old();
    }

    @Test
    void anOldPhotoIsDetectedFilledAndDenoisedInOneRequest() {
        Image old = aged();
        JobRecord done = repair(old, null, options(null, 0.3, null));
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals(Task.OLD_PHOTO, done.task());
        assertEquals(0.3, done.options().defectThreshold());
        Image result = ImageCodec.decode(store.read(done.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        assertEquals(old.width(), result.width());
        assertEquals(old.height(), result.height());
        assertTrue(done.result().iterations() >= 1 && done.result().iterations() <= 2 * STEPS,
                "inpainting and denoising ran " + done.result().iterations() + " steps");
    }

    @Test
    void anUploadedMaskReplacesDetection() {
        Image old = aged();
        float[] known = new float[old.width() * old.height()];
        java.util.Arrays.fill(known, 1f);
        for (int x = 5; x < 30; x++) {
            known[20 * old.width() + x] = 0f;
        }
        byte[] mask = png(new Image(old.width(), old.height(), 1, known));
        JobRecord done = repair(old, mask, options(null, null, MaskUse.REPLACE));
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertTrue(done.result().iterations() > STEPS, "a mask with holes is inpainted before denoising: "
                + done.result().iterations());
    }

    @Test
    void badMasksAndDetectorsFailWithAReason() {
        Image old = aged();
        JobRecord wrongSize = repair(old, png(8, 8), options(null, null, MaskUse.ADD));
        assertEquals(JobStatus.FAILED, wrongSize.status());
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, wrongSize.error().code());
        assertTrue(wrongSize.error().message().contains("the mask must have the photo's size"),
                wrongSize.error().message());

        JobRecord notAnImage = repair(old, new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 0}, options(null, null, null));
        assertEquals(JobStatus.FAILED, notAnImage.status());
        assertEquals(ErrorCode.UNSUPPORTED_IMAGE, notAnImage.error().code());

        JobRecord noSuchDetector = repair(old, null, options(JobIds.newId(), null, null));
        assertEquals(JobStatus.FAILED, noSuchDetector.status());
        assertEquals(ErrorCode.INPUT_NOT_FOUND, noSuchDetector.error().code());

        JobRecord badThreshold = repair(old, null, options(null, 1.5, null));
        assertEquals(JobStatus.FAILED, badThreshold.status());
        assertEquals(ErrorCode.INVALID_REQUEST, badThreshold.error().code());
        assertTrue(badThreshold.error().message().contains("defectThreshold"), badThreshold.error().message());
    }

    /**
     * A detector trained as a job on clean photos (aged inside the worker) shows its steps and losses, repairs an
     * old photo named as its detector, and is refused as a denoising model. A few steps detect nothing worth
     * measuring, so nothing is asked of quality here.
     */
    @Test
    void cleanPhotosTrainADetectorThatAnOldPhotoRequestUses() {
        String prefix = "collections/" + JobIds.newId() + "/clean/";
        store.put(prefix + "a.png", png(SyntheticImages.shapes(40, 36, 3)), "image/png");
        store.put(prefix + "b.png", png(SyntheticImages.shapes(34, 44, 3)), "image/png");
        store.put(prefix + "c.png", png(SyntheticImages.shapes(48, 40, 3)), "image/png");
        store.put(prefix + "broken.png", new byte[] {1, 2, 3}, "image/png");
        RestorationOptions options = new RestorationOptions(DETECTOR_STEPS, 5L, null, null, null, 4, null, 8,
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
        assertEquals(String.valueOf(DETECTOR_STEPS), model.metadata().get("steps"));
        assertEquals("8", model.metadata().get("network.width"));
        assertEquals("32", model.metadata().get("patchSize"), "the largest multiple of 4 within the smallest side, 34");
        assertEquals(DETECTOR_STEPS, model.progress().iteration());
        assertTrue(Double.isFinite(model.progress().loss()) && model.progress().loss() > 0, model.progress().toString());
        assertTrue(Double.isFinite(model.progress().validationLoss()), model.progress().toString());
        double seconds = Duration.between(model.startedAt(), model.finishedAt()).toMillis() / 1000.0;
        System.out.printf("detector job: %d steps (batch 8, 32x32 patches, width 8) in %.1f s from start to"
                + " success, graph build and upload included: %.2f steps/s%n", DETECTOR_STEPS, seconds, DETECTOR_STEPS / seconds);

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
