package dev.revive.worker.messaging;

import static dev.revive.worker.messaging.PipelineTestSupport.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
import dev.revive.model.ErrorCode;
import dev.revive.model.ImportRequest;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelKind;
import dev.revive.model.ModelRecord;
import dev.revive.model.ModelSource;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Stopping;
import dev.revive.model.Task;
import dev.revive.model.Topics;
import dev.revive.model.TrainingRequest;
import dev.revive.model.ValueRange;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.imported.UserSavedModels;
import dev.revive.worker.engine.unpaired.FeatureSavedModels;
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
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's SavedModel (exported by TensorFlow Java as Python would, with its own signature and tensor names, in
 * [0,255]) imported over the real broker and store, checked, then serving {@code method=model} requests; flawed
 * models fail with unsupported-model and say why.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.REQUESTS_DEAD_LETTER + ":1,"
                + Topics.IMPORTS + ":1," + Topics.IMPORTS_DEAD_LETTER + ":1," + Topics.TRAINING + ":1,"
                + Topics.TRAINING_DEAD_LETTER + ":1"))
class ModelImportPipelineTest {
    static final Duration PATIENCE = Duration.ofMinutes(2);
    static KafkaProducer<String, String> producer;

    @Inject
    ObjectStore store;

    @TempDir
    Path temp;

    @BeforeAll
    static void connect() {
        producer = PipelineTestSupport.producer();
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    /** The exported model's files under a fresh prefix, as a user would upload them. */
    String upload(UserSavedModels.Flaw flaw) {
        Path dir = temp.resolve(flaw.name());
        UserSavedModels.export(dir, 3, flaw);
        return upload(dir);
    }

    String upload(Path dir) {
        String prefix = "exports/" + JobIds.newId() + "/";
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                store.put(prefix + dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file),
                        "application/octet-stream");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prefix;
    }

    ModelRecord importModel(String prefix, String signature, ValueRange range) {
        return importModel(prefix, signature, range, null);
    }

    ModelRecord importModel(String prefix, String signature, ValueRange range, ModelKind kind) {
        String id = JobIds.newId();
        send(id, Json.write(new ImportRequest(ImportRequest.SCHEMA_VERSION, id, new CollectionRef(null, prefix),
                signature, null, null, range, null, Instant.now(), null, kind)));
        return awaitModel(id);
    }

    void send(String id, String json) {
        PipelineTestSupport.send(producer, Topics.IMPORTS, id, json);
    }

    ModelRecord awaitModel(String id) {
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
    void anImportedModelServesDenoiseRequestsInItsOwnRange() {
        String prefix = upload(UserSavedModels.Flaw.NONE);
        long start = System.nanoTime();
        ModelRecord model = importModel(prefix.substring(0, prefix.length() - 1), UserSavedModels.SIGNATURE,
                ValueRange.BYTE);
        double importSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(JobStatus.SUCCEEDED, model.status(), String.valueOf(model.error()));
        assertEquals(ModelSource.IMPORTED, model.source());
        assertEquals(UserSavedModels.INPUT, model.metadata().get("input"));
        assertEquals(UserSavedModels.OUTPUT, model.metadata().get("output"));
        assertEquals("byte", model.metadata().get("valueRange"));
        assertEquals("1", model.metadata().get("sideMultiple"));
        assertEquals("3", model.metadata().get("channels"));
        assertTrue(store.exists(ModelKeys.of(model.modelId()).file("saved_model.pb")));

        // a flat gray photo: inside, the box filter keeps the value and takes the model's offset off it
        int gray = 150;
        Image flat = new Image(40, 30, 1, filled(40 * 30, gray / 255f));
        start = System.nanoTime();
        JobRecord job = denoise(model.modelId(), png(flat));
        double serveSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("imported SavedModel (3x3 box filter, byte range): import request to succeeded record in"
                + " %.1f s, a 40x30 method=model request to its final record in %.1f s%n", importSeconds,
                serveSeconds);
        assertEquals(JobStatus.SUCCEEDED, job.status(), String.valueOf(job.error()));
        Image out = ImageCodec.decode(store.read(job.result().object(), Long.MAX_VALUE).orElseThrow()).color();
        assertEquals(40, out.width());
        assertEquals(30, out.height());
        int expected = Math.round(255 * UserSavedModels.flatOutput(gray / 255f));
        assertEquals(gray - 8, expected);
        assertEquals(expected, Math.round(255 * out.pixels()[15 * 40 + 20]));
        assertEquals(job.model(), model.modelId());
    }

    @Test
    void flawedModelsFailWithUnsupportedModelAndTheirReason() {
        String good = upload(UserSavedModels.Flaw.NONE);
        assertRefused(importModel(good, null, null), "no signature 'serving_default'");
        assertRefused(importModel(upload(UserSavedModels.Flaw.RANK_3), UserSavedModels.SIGNATURE, null), "rank 3");
        assertRefused(importModel(upload(UserSavedModels.Flaw.GRAY_OUTPUT), UserSavedModels.SIGNATURE, null),
                "has 1");
        assertRefused(importModel(upload(UserSavedModels.Flaw.WRITES_A_CHECKPOINT), UserSavedModels.SIGNATURE,
                null), "SaveV2");
        assertRefused(importModel(upload(UserSavedModels.Flaw.READS_A_FILE), UserSavedModels.SIGNATURE, null),
                "ReadFile");
        assertRefused(importModel("exports/" + JobIds.newId() + "/", null, null), "no saved_model.pb");

        String crowded = "exports/" + JobIds.newId() + "/";
        for (int i = 0; i <= 1000; i++) {
            store.put(crowded + "assets/part-" + i, new byte[] {1}, "application/octet-stream");
        }
        assertRefused(importModel(crowded, UserSavedModels.SIGNATURE, null), "more than 1000 files");

        String heavy = upload(UserSavedModels.Flaw.NONE);
        store.put(heavy + "assets/lookup.bin", new byte[3 << 20], "application/octet-stream");
        assertRefused(importModel(heavy, UserSavedModels.SIGNATURE, null), "larger than 2097152 bytes");
    }

    @Test
    void invalidRequestsAreRecordedAndUnknownModelsDoNotServe() {
        String hostileKind = JobIds.newId();
        String hostile = Json.write(new ImportRequest(ImportRequest.SCHEMA_VERSION, hostileKind,
                new CollectionRef(null, "exports/vgg/"), null, null, null, null, null, Instant.now(), null,
                ModelKind.FEATURES)).replace("\"features\"", "\"vgg19\"");
        send(hostileKind, hostile);
        String id = JobIds.newId();
        send(id, Json.write(new ImportRequest(ImportRequest.SCHEMA_VERSION, id, new CollectionRef(null, "../jobs/"),
                null, null, null, null, 4, Instant.now(), null, null)));
        ModelRecord invalid = awaitModel(id);
        assertEquals(ErrorCode.INVALID_REQUEST, invalid.error().code());
        assertTrue(invalid.error().message().contains("savedModel.prefix"), invalid.error().message());
        // an unreadable kind is dead-lettered with its reason, and no record is written for it
        var dead = PipelineTestSupport.await(() -> TopicReader.readAll(LocalInfraTestResource.kafka()
                .bootstrapServers(), Topics.IMPORTS_DEAD_LETTER).stream().filter(r -> hostile.equals(r.value()))
                .findFirst().orElse(null), found -> found != null, PATIENCE, "the dead letter of " + hostileKind);
        assertTrue(dead.headers().lastHeader("dead-letter-reason").value().length > 0);
        assertTrue(store.readModel(hostileKind).isEmpty());
        send(JobIds.newId(), "{not json");

        JobRecord job = denoise(JobIds.newId(), png(40, 40));
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(ErrorCode.INPUT_NOT_FOUND, job.error().code(), job.error().message());
    }

    @Test
    void anImportedFeatureExtractorDrivesTheSemanticTermOfAnUnpairedTrainingAndUnusableOnesAreRefused() {
        // VGG-like: a stride-2 convolution to 16 channels, which the denoiser check refuses and the features one takes
        Path extractor = temp.resolve("features");
        FeatureSavedModels.exportDownsampling(extractor, 1, 16);
        String uploaded = upload(extractor);
        assertRefused(importModel(uploaded, FeatureSavedModels.SIGNATURE, ValueRange.UNIT), "16 channels");
        ModelRecord features = importModel(uploaded, FeatureSavedModels.SIGNATURE, ValueRange.UNIT,
                ModelKind.FEATURES);
        assertEquals(JobStatus.SUCCEEDED, features.status(), String.valueOf(features.error()));
        assertEquals(ModelKind.FEATURES, features.kind());
        JobRecord served = denoise(features.modelId(), png(40, 40));
        assertEquals(JobStatus.FAILED, served.status());
        assertEquals(ErrorCode.UNSUPPORTED_MODEL, served.error().code());
        assertTrue(served.error().message().contains("imported as features"), served.error().message());
        Path notAnImage = temp.resolve("scalar-features");
        UserSavedModels.export(notAnImage, 3, UserSavedModels.Flaw.RANK_3);
        assertRefused(importModel(upload(notAnImage), UserSavedModels.SIGNATURE, null, ModelKind.FEATURES),
                "rank 3");
        Path resampling = temp.resolve("no-gradient");
        FeatureSavedModels.export(resampling, 1, 1, false);
        ModelRecord noGradient = importModel(upload(resampling), FeatureSavedModels.SIGNATURE, ValueRange.UNIT);
        assertEquals(JobStatus.SUCCEEDED, noGradient.status(), "it serves, but cannot pass a gradient on");
        ModelRecord colour = importModel(upload(UserSavedModels.Flaw.NONE), UserSavedModels.SIGNATURE,
                ValueRange.BYTE);
        ModelRecord failedImport = importModel(upload(UserSavedModels.Flaw.RANK_3), UserSavedModels.SIGNATURE, null);
        assertEquals(JobStatus.FAILED, failedImport.status());

        String root = "collections/" + JobIds.newId() + "/";
        for (int i = 0; i < 2; i++) {
            store.put(root + "noisy/scan-" + i + ".png", png(Noise.addGaussian(SyntheticImages.shapes(64, 64, 1),
                    25 / 255.0, i)), "image/png");
            store.put(root + "clean/photo-" + i + ".png", png(SyntheticImages.shapes(72, 64 + 8 * i, 1)),
                    "image/png");
        }
        CollectionRef piles = CollectionRef.unpaired(null, root + "noisy/", root + "clean/");
        int steps = 12;
        long start = System.nanoTime();
        ModelRecord trained = trainUnpaired(piles, steps, features.modelId());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(JobStatus.SUCCEEDED, trained.status(), String.valueOf(trained.error()));
        double semantic = trained.progress().losses().get("semantic");
        System.out.printf("unpaired training of %d steps with an imported feature extractor: %.1f s, last losses %s%n",
                steps, seconds, trained.progress().losses());
        assertTrue(Double.isFinite(semantic) && semantic > 0, "the semantic term is on: " + semantic);
        assertEquals(features.modelId(), trained.metadata().get("featureModel"));

        assertRefused(trainUnpaired(piles, steps, noGradient.modelId()), "ResizeArea");
        assertRefused(trainUnpaired(piles, steps, JobIds.newId()), "there is no model");
        assertRefused(trainUnpaired(piles, steps, failedImport.modelId()), "its import is failed");
        assertRefused(trainUnpaired(piles, steps, colour.modelId()), "takes 3-channel images");
        assertRefused(trainUnpaired(piles, steps, trained.modelId()), "trained here, not imported");
        String hostile = JobIds.newId();
        String json = Json.write(TrainingRequest.of(hostile, Method.UNPAIRED, piles, null, Instant.now()));
        PipelineTestSupport.send(producer, Topics.TRAINING, hostile, json.substring(0, json.length() - 1)
                + ",\"featureModel\":\"../models/" + features.modelId() + "\"}");
        ModelRecord invalid = awaitModel(hostile);
        assertEquals(ErrorCode.INVALID_REQUEST, invalid.error().code());
        assertTrue(invalid.error().message().contains("featureModel"), invalid.error().message());
    }

    ModelRecord trainUnpaired(CollectionRef piles, int steps, String featureModel) {
        String id = JobIds.newId();
        RestorationOptions options = new RestorationOptions(steps, 5L, 1e-3, null, null, 4, null, 8, Stopping.FIXED,
                120, 0);
        PipelineTestSupport.send(producer, Topics.TRAINING, id, Json.write(TrainingRequest.of(id, Method.UNPAIRED,
                piles, options, Instant.now()).withFeatureModel(featureModel)));
        return awaitModel(id);
    }

    private static void assertRefused(ModelRecord model, String reason) {
        assertEquals(JobStatus.FAILED, model.status());
        assertEquals(ErrorCode.UNSUPPORTED_MODEL, model.error().code());
        assertTrue(model.error().message().contains(reason), model.error().message());
    }

    private static float[] filled(int length, float value) {
        float[] out = new float[length];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
