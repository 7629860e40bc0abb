package dev.revive.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
import dev.revive.model.Hashes;
import dev.revive.model.JobIds;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Stopping;
import dev.revive.model.Topics;
import dev.revive.model.TrainingRequest;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.messaging.PipelineTestSupport;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.selfsup.ModelInfo;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A training stopped after a checkpoint goes on from it when its request comes again, with the real engine and store:
 * the trainer is run twice as a redelivery would run it, the first time stopped by the signal the consumer raises on
 * shutdown. The engine asks the signal once before every step, which counts the steps each run took.
 */
@QuarkusTest
@TestProfile(CheckpointProfile.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":1," + Topics.TRAINING + ":1"))
class TrainingCheckpointTest {
    static final int STEPS = 24;
    static final int EVERY = CheckpointProfile.EVERY;

    @Inject
    ModelTrainer trainer;

    @Inject
    ObjectStore store;

    /** Three noisy gray pictures under a new prefix. */
    private String collection() {
        String prefix = "collections/" + JobIds.newId() + "/";
        for (int i = 0; i < 3; i++) {
            Image noisy = Noise.addGaussian(SyntheticImages.shapes(64, 64 + 16 * i, 1), 25 / 255.0, i);
            store.put(prefix + "scan-" + i + ".png", PipelineTestSupport.png(noisy), "image/png");
        }
        return prefix;
    }

    /** A training request as the api queues it; {@code width} null for the service's default network. */
    private TrainingRequest request(String prefix, Integer width) {
        String id = JobIds.newId();
        TrainingRequest request = TrainingRequest.of(id, Method.NOISE2VOID, new CollectionRef(null, prefix),
                new RestorationOptions(STEPS, 5L, 1e-3, null, null, 4, null, width, Stopping.FIXED, 300, 0),
                Instant.now()).resolved();
        store.writeModel(ModelRecord.queued(request));
        return request;
    }

    /** The first delivery, stopped (as on shutdown) as soon as the first checkpoint is in the store. */
    private void stoppedAfterACheckpoint(TrainingRequest request) {
        ModelKeys keys = ModelKeys.of(request.modelId());
        assertThrows(WorkerStoppingException.class,
                () -> trainer.train(request, () -> store.exists(keys.checkpointManifest())));
        ModelRecord stopped = store.readModel(request.modelId()).orElseThrow();
        assertEquals(JobStatus.RUNNING, stopped.status());
        assertEquals(1, stopped.attempts());
        assertEquals(EVERY, manifest(keys).step());
    }

    private TrainingCheckpoints.Manifest manifest(ModelKeys keys) {
        return Json.read(store.readOwn(keys.checkpointManifest()).orElseThrow(), TrainingCheckpoints.Manifest.class);
    }

    /** The redelivery: runs to the end, counting the steps it took; {@link #atFirstStep} is the record then. */
    private ModelRecord redelivered(TrainingRequest request, AtomicInteger steps) {
        atFirstStep = null;
        CancellationSignal counting = () -> {
            if (steps.getAndIncrement() == 0) {
                atFirstStep = store.readModel(request.modelId()).orElseThrow();
            }
            return false;
        };
        return trainer.train(request, counting);
    }

    private ModelRecord atFirstStep;

    private void assertFinishedWithoutCheckpoints(ModelRecord done) {
        assertEquals(JobStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals(2, done.attempts());
        assertEquals(STEPS, done.progress().iteration());
        assertEquals(String.valueOf(STEPS), done.metadata().get("steps"));
        assertEquals(java.util.List.of(), store.keys(ModelKeys.of(done.modelId()).checkpoint()),
                "the checkpoint is removed once the model is saved");
    }

    @Test
    void aRedeliveredTrainingGoesOnFromItsCheckpoint() {
        TrainingRequest request = request(collection(), null);
        long start = System.nanoTime();
        stoppedAfterACheckpoint(request);
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        ModelKeys keys = ModelKeys.of(request.modelId());
        // a worker killed while uploading its next checkpoint: files of step 16, no manifest naming them
        store.put(keys.checkpointFile(16, "saved_model.pb"), "half a file".getBytes(), "application/octet-stream");
        long bytes = store.keys(ModelKeys.of(request.modelId()).checkpoint()).stream()
                .filter(key -> !key.startsWith(keys.checkpointFiles(16)))
                .mapToLong(key -> store.size(new dev.revive.model.ObjectRef(store.bucket(), key)).orElseThrow()).sum();
        AtomicInteger steps = new AtomicInteger();
        ModelRecord done = redelivered(request, steps);
        assertFinishedWithoutCheckpoints(done);
        assertEquals(EVERY, done.resumedFrom(), "the manifest, written last, still names step " + EVERY);
        assertEquals(STEPS - EVERY, steps.get(), "the second run took only the steps after the checkpoint");
        assertEquals(EVERY, atFirstStep.progress().iteration(), "the record's progress starts at the checkpoint");
        assertEquals(EVERY, atFirstStep.resumedFrom());
        assertEquals(2, atFirstStep.attempts());
        System.out.printf("checkpointed training (default 2x32 network, %d steps, checkpoint every %d): first run"
                + " to its checkpoint %.1f s, checkpoint %d bytes%n", STEPS, EVERY, firstSeconds, bytes);
    }

    @Test
    void aCheckpointWithAnAlteredFileIsLeftAndTrainingStartsOver() {
        TrainingRequest request = request(collection(), 8);
        stoppedAfterACheckpoint(request);
        ModelKeys keys = ModelKeys.of(request.modelId());
        String variables = keys.checkpointFile(EVERY, "variables/variables.data-00000-of-00001");
        assertTrue(store.exists(variables), store.keys(keys.checkpoint()).toString());
        store.put(variables, "not a tensor".getBytes(), "application/octet-stream");
        AtomicInteger steps = new AtomicInteger();
        ModelRecord done = redelivered(request, steps);
        assertFinishedWithoutCheckpoints(done);
        assertNull(done.resumedFrom());
        assertEquals(STEPS, steps.get(), "training started over at step 0");
        assertEquals(0, atFirstStep.progress().iteration());
    }

    @Test
    void aCheckpointTheEngineCannotReadOrAnUnreadableManifestRestartsFromZero() {
        TrainingRequest request = request(collection(), 8);
        stoppedAfterACheckpoint(request);
        ModelKeys keys = ModelKeys.of(request.modelId());
        // the weights replaced by garbage with matching digests: only the engine can tell
        Map<String, String> files = new TreeMap<>(manifest(keys).files());
        for (String file : manifest(keys).files().keySet()) {
            if (file.equals(ModelInfo.FILE_NAME)) {
                continue;
            }
            byte[] garbage = ("garbage " + file).getBytes();
            store.put(keys.checkpointFile(EVERY, file), garbage, "application/octet-stream");
            files.put(file, Hashes.sha256(garbage));
        }
        store.put(keys.checkpointManifest(), Json.writeBytes(new TrainingCheckpoints.Manifest(EVERY, 10, files)),
                "application/json");
        AtomicInteger steps = new AtomicInteger();
        ModelRecord done = redelivered(request, steps);
        assertFinishedWithoutCheckpoints(done);
        assertNull(done.resumedFrom());
        assertEquals(STEPS, steps.get());
        assertNull(atFirstStep.resumedFrom(), "the record no longer claims the checkpoint it could not use");
        assertEquals(0, atFirstStep.progress().iteration());

        TrainingRequest other = request(collection(), 8);
        stoppedAfterACheckpoint(other);
        store.put(ModelKeys.of(other.modelId()).checkpointManifest(), "{\"step\":".getBytes(), "application/json");
        steps.set(0);
        ModelRecord again = redelivered(other, steps);
        assertFinishedWithoutCheckpoints(again);
        assertNull(again.resumedFrom());
        assertEquals(STEPS, steps.get());
        assertFalse(store.exists(ModelKeys.of(other.modelId()).checkpointManifest()));
    }

    @Test
    void aRedeliveredUnpairedTrainingGoesOnFromItsCheckpoint() {
        String degraded = collection();
        String clean = "collections/" + JobIds.newId() + "/clean/";
        for (int i = 0; i < 2; i++) {
            store.put(clean + "photo-" + i + ".png", PipelineTestSupport.png(SyntheticImages.shapes(72 + 8 * i, 64, 1)),
                    "image/png");
        }
        TrainingRequest request = TrainingRequest.of(JobIds.newId(), Method.UNPAIRED,
                CollectionRef.unpaired(null, degraded, clean),
                new RestorationOptions(STEPS, 5L, 1e-3, null, null, 4, null, 8, Stopping.FIXED, 300, 0),
                Instant.now()).resolved();
        store.writeModel(ModelRecord.queued(request));
        ModelRecord done = resumedAfterAStop(request);
        assertEquals("unpaired", done.metadata().get("method"));
        assertTrue(done.progress().losses().values().stream().allMatch(Double::isFinite));
    }

    @Test
    void aRedeliveredDetectorTrainingGoesOnFromItsCheckpointAsIfNeverStopped() {
        String clean = "collections/" + JobIds.newId() + "/clean/";
        for (int i = 0; i < 2; i++) {
            store.put(clean + "photo-" + i + ".png", PipelineTestSupport.png(SyntheticImages.shapes(40 + 8 * i, 36, 3)),
                    "image/png");
        }
        ModelRecord done = resumedAfterAStop(detectorRequest(clean));
        assertEquals("defect-detector", done.metadata().get("method"));
        ModelRecord uninterrupted = trainer.train(detectorRequest(clean), () -> false);
        assertEquals(JobStatus.SUCCEEDED, uninterrupted.status(), String.valueOf(uninterrupted.error()));
        assertEquals(uninterrupted.metadata().get("finalLoss"), done.metadata().get("finalLoss"),
                "patches, ageing and Adam's state come back from the checkpoint, so the last step is the same");
    }

    private TrainingRequest detectorRequest(String clean) {
        TrainingRequest request = TrainingRequest.of(JobIds.newId(), Method.DEFECT_DETECTOR,
                new CollectionRef(null, clean),
                new RestorationOptions(STEPS, 5L, null, null, null, 4, null, 8, Stopping.FIXED, 300, 0),
                Instant.now()).resolved();
        store.writeModel(ModelRecord.queued(request));
        return request;
    }

    /** Stopped after its first checkpoint and delivered again: it finishes taking only the steps after it. */
    private ModelRecord resumedAfterAStop(TrainingRequest request) {
        stoppedAfterACheckpoint(request);
        AtomicInteger steps = new AtomicInteger();
        ModelRecord done = redelivered(request, steps);
        assertFinishedWithoutCheckpoints(done);
        assertEquals(EVERY, done.resumedFrom());
        assertEquals(STEPS - EVERY, steps.get(), "the second run took only the steps after the checkpoint");
        assertEquals(EVERY, atFirstStep.progress().iteration());
        return done;
    }
}
