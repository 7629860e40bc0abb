package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The Java types and the published JSON Schemas describe the same messages. */
class ContractSchemaTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final String ID = RequestValidatorTest.ID;

    static JsonSchema schema(String name) throws IOException {
        try (InputStream in = Schemas.open(name)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static Set<ValidationMessage> check(String schema, Object message) throws IOException {
        return schema(schema).validate(Json.mapper().readTree(Json.write(message)));
    }

    static RestorationRequest sampleRequest() {
        return RestorationRequest.of(ID, Task.DENOISE, new ObjectRef("revive", JobKeys.of(ID).input()),
                RestorationOptions.NONE, T0).resolved();
    }

    static ResultInfo sampleResult() {
        return new ResultInfo(new ObjectRef("revive", JobKeys.of(ID).result(ImageFormat.PNG)), "image/png",
                1234, "a".repeat(64), 64, 48, 812, StopReason.AUTO).withMetrics(new RunMetrics(12.5, 11.9, 0.0147,
                        3.2, 1));
    }

    @Test
    void requestRoundTripsAndMatchesItsSchema() throws IOException {
        RestorationRequest request = sampleRequest();
        assertEquals(request, Json.read(Json.write(request), RestorationRequest.class));
        assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, request));
        String wire = Json.write(request);
        assertTrue(wire.contains("\"task\":\"denoise\"") && wire.contains("\"method\":\"dip\""), wire);

        RestorationRequest hooked = request.withWebhook("https://hooks.example.com/revive?source=x");
        assertEquals(hooked, Json.read(Json.write(hooked), RestorationRequest.class));
        assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, hooked));
        for (String bad : List.of("ftp://example.com/", "https://user@example.com/", "https://example.com/#f")) {
            assertFalse(check(Schemas.RESTORATION_REQUEST, request.withWebhook(bad)).isEmpty(), bad);
            assertFalse(RequestValidator.validate(request.withWebhook(bad)).isEmpty(), bad);
        }
    }

    @Test
    void everyLifeCycleStepMatchesTheRecordAndEventSchemas() throws IOException {
        JobRecord queued = JobRecord.queued(sampleRequest());
        JobRecord running = queued.started(T0.plusSeconds(1), "worker-1");
        JobRecord progressed = running.progressed(new Progress(25, 1800, 0.0123, 42.5,
                new ObjectRef("revive", JobKeys.of(ID).preview())), T0.plusSeconds(5));
        JobRecord succeeded = progressed.succeeded(sampleResult(), T0.plusSeconds(60));
        JobRecord failed = running.failed(JobError.of(ErrorCode.UNSUPPORTED_IMAGE, "not an image"), T0);
        JobRecord cancelled = running.failed(JobError.of(ErrorCode.CANCELLED, "by request"), T0);
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        for (JobRecord record : List.of(queued, running, progressed, succeeded, failed, cancelled)) {
            assertEquals(record, Json.read(Json.write(record), JobRecord.class));
            assertEquals(Set.of(), check(Schemas.JOB_RECORD, record), record.status().wireName());
            JobEvent event = JobEvent.of(record, "worker-1", T0);
            assertEquals(event, Json.read(Json.write(event), JobEvent.class));
            assertEquals(Set.of(), check(Schemas.JOB_EVENT, event), record.status().wireName());
        }
    }

    @Test
    void aCorrelatedRequestKeepsItsIdOnTheRecordAndEveryEvent() throws IOException {
        RestorationRequest request = sampleRequest().withReply("batch-7/scan 0042", "replies.archive");
        assertEquals(request, Json.read(Json.write(request), RestorationRequest.class));
        assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, request));
        assertEquals(List.of(), RequestValidator.validate(request));
        JobRecord queued = JobRecord.queued(request);
        JobRecord running = queued.started(T0, "worker-1").progressed(new Progress(5, 100, 0.1, 2.0, null), T0);
        for (JobRecord record : List.of(queued, running, running.succeeded(sampleResult(), T0),
                running.failed(JobError.of(ErrorCode.ENGINE_FAILURE, "boom"), T0))) {
            assertEquals("replies.archive", record.replyTo());
            assertEquals(Set.of(), check(Schemas.JOB_RECORD, record), record.status().wireName());
            assertEquals(record, Json.read(Json.write(record), JobRecord.class));
            JobEvent event = JobEvent.of(record, "worker-1", T0);
            assertEquals("batch-7/scan 0042", event.correlationId(), record.status().wireName());
            assertEquals(Set.of(), check(Schemas.JOB_EVENT, event), record.status().wireName());
        }
        RunMetrics metrics = JobRecord.queued(request).started(T0, "worker-1").succeeded(sampleResult(), T0).result().metrics();
        assertEquals(new RunMetrics(12.5, 11.9, 0.0147, 3.2, 1), metrics);
        String wire = Json.write(JobEvent.of(running.succeeded(sampleResult(), T0), "w", T0));
        assertTrue(wire.contains("\"metrics\":{\"wallSeconds\":12.5,"), wire);
    }

    @Test
    void schemasRefuseHostileReplyTopicsAndCorrelationIds() throws IOException {
        JsonSchema schema = schema(Schemas.RESTORATION_REQUEST);
        ObjectNode wire = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        assertEquals(Set.of(), schema.validate(wire.deepCopy().put("replyTo", "replies.x").put("correlationId", "c")));
        for (String topic : new String[] {Topics.REQUESTS, Topics.EVENTS, "__consumer_offsets", "a b", "r/x", ""}) {
            assertFalse(schema.validate(wire.deepCopy().put("replyTo", topic)).isEmpty(), topic);
        }
        for (String id : new String[] {"x".repeat(10_000), "", "caf\u00e9", "a\nb"}) {
            assertFalse(schema.validate(wire.deepCopy().put("correlationId", id)).isEmpty(), id);
        }
        ObjectNode event = (ObjectNode) Json.mapper().readTree(Json.write(JobEvent.of(
                JobRecord.queued(sampleRequest()).started(T0, "worker-1"), "w", T0)));
        assertFalse(schema(Schemas.JOB_EVENT).validate(event.put("correlationId", "x".repeat(129))).isEmpty());
    }

    @Test
    void everyStatusHasItsOwnEventTypeAndTheSchemaIdsAreTheFilesOwn() throws IOException {
        Set<String> types = new java.util.HashSet<>();
        for (JobStatus status : JobStatus.values()) {
            assertTrue(status.eventType().startsWith(CloudEvents.JOB_TYPE_PREFIX), status.eventType());
            assertTrue(types.add(status.eventType()), "one type per status");
        }
        assertEquals("dev.revive.job.succeeded", JobStatus.SUCCEEDED.eventType());
        assertEquals(Schemas.JOB_EVENT_ID, Json.mapper().readTree(Schemas.open(Schemas.JOB_EVENT)).get("$id").asText());
        assertEquals(Schemas.RESTORATION_REQUEST_ID,
                Json.mapper().readTree(Schemas.open(Schemas.RESTORATION_REQUEST)).get("$id").asText());
        assertEquals("urn:revive:worker:gpu-node-3-1234", CloudEvents.workerSource("gpu-node-3-1234").toString());
        assertEquals("urn:revive:worker:a%20b%2Fc", CloudEvents.workerSource("a b/c").toString());
        assertTrue(CloudEvents.isMediaType("Application/JSON; charset=UTF-8", CloudEvents.JSON));
        assertFalse(CloudEvents.isMediaType("application/jsonx", CloudEvents.JSON));
    }

    @Test
    void aJobServedByAStoredModelKeepsItsIdThroughItsLife() throws IOException {
        String modelId = JobIds.newId();
        RestorationRequest request = RestorationRequest.of(ID, Task.DENOISE, Method.MODEL,
                new ObjectRef("revive", JobKeys.of(ID).input()), null, null, RestorationOptions.NONE, T0)
                .withModel(modelId).resolved();
        JobRecord succeeded = JobRecord.queued(request).started(T0, "worker-1").succeeded(sampleResult(), T0.plusSeconds(9));
        assertEquals(modelId, succeeded.model());
        assertEquals(succeeded, Json.read(Json.write(succeeded), JobRecord.class));
        assertEquals(Set.of(), check(Schemas.JOB_RECORD, succeeded));
        assertNull(JobRecord.queued(sampleRequest()).model(), "a DIP job names no model");
    }

    @Test
    void everyTaskHasAValidRequestAndAFinishedRecordSaysWhereItStopped() throws IOException {
        ObjectRef photo = new ObjectRef("revive", JobKeys.of(ID).input());
        for (Task task : Task.values()) {
            ObjectRef mask = task.needsMask() ? new ObjectRef("revive", JobKeys.of(ID).mask()) : null;
            ObjectRef guide = task.needsGuide() ? new ObjectRef("revive", JobKeys.of(ID).guide()) : null;
            RestorationRequest request = RestorationRequest.of(ID, task, photo, mask, guide, null, T0).resolved();
            assertEquals(List.of(), RequestValidator.validate(request), task.wireName());
            assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, request), task.wireName());
            assertEquals(request, Json.read(Json.write(request), RestorationRequest.class));
            JobRecord done = JobRecord.queued(request).started(T0, "worker-1").succeeded(sampleResult(), T0);
            assertEquals(812, done.progress().iteration(), "an automatic stop shows where it stopped");
            assertEquals(Set.of(), check(Schemas.JOB_RECORD, done), task.wireName());
        }
    }

    @Test
    void schemasRefuseMissingOrStrayCompanionImages() throws IOException {
        JsonSchema schema = schema(Schemas.RESTORATION_REQUEST);
        ObjectNode inpaint = (ObjectNode) Json.mapper().readTree(Json.write(
                RestorationRequest.of(ID, Task.INPAINT, new ObjectRef(null, "a.png"), null, null, null, T0)));
        assertFalse(schema.validate(inpaint).isEmpty(), "inpaint without a mask");
        ObjectNode denoise = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        denoise.putObject("guide").put("key", "b.png");
        assertFalse(schema.validate(denoise).isEmpty(), "a guide on a denoise request");
        ObjectNode scaled = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        ((ObjectNode) scaled.get("options")).put("scale", 4);
        assertFalse(schema.validate(scaled).isEmpty(), "a scale on a denoise request");
        ((ObjectNode) scaled.put("task", "super-resolve").get("options")).put("scale", 3);
        assertFalse(schema.validate(scaled).isEmpty(), "scale 3");
    }

    @Test
    void schemasRejectWhatTheValidatorRejects() throws IOException {
        JsonSchema request = schema(Schemas.RESTORATION_REQUEST);
        ObjectNode wire = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        assertFalse(request.validate(wire.deepCopy().put("schemaVersion", 2)).isEmpty());
        assertFalse(request.validate(wire.deepCopy().put("task", "paint")).isEmpty());
        assertFalse(request.validate(wire.deepCopy().put("jobId", "../x")).isEmpty());
        ObjectNode badOptions = wire.deepCopy();
        ((ObjectNode) badOptions.get("options")).put("iterations", 0);
        assertFalse(request.validate(badOptions).isEmpty());
        ObjectNode noInput = wire.deepCopy();
        noInput.remove("input");
        assertFalse(request.validate(noInput).isEmpty());

        RestorationRequest trained = RestorationRequest.of(ID, Task.DENOISE, Method.NEIGHBOR2NEIGHBOR,
                new ObjectRef("revive", JobKeys.of(ID).input()), null, null, RestorationOptions.NONE, T0).resolved();
        assertEquals(List.of(), RequestValidator.validate(trained));
        ObjectNode trainedWire = (ObjectNode) Json.mapper().readTree(Json.write(trained));
        assertEquals(Set.of(), request.validate(trainedWire));
        assertFalse(request.validate(trainedWire.deepCopy().put("task", "inpaint")).isEmpty(), "trained inpainting");
        ObjectNode averaged = trainedWire.deepCopy();
        ((ObjectNode) averaged.get("options")).put("averaging", 0.99);
        assertFalse(request.validate(averaged).isEmpty(), "averaging with a trained denoiser");
        assertFalse(RequestValidator.validate(Json.mapper().treeToValue(averaged, RestorationRequest.class)).isEmpty());

        ObjectNode success = (ObjectNode) Json.mapper().readTree(Json.write(JobEvent.of(
                JobRecord.queued(sampleRequest()).started(T0, "worker-1").succeeded(sampleResult(), T0), "w", T0)));
        success.remove("result");
        assertFalse(schema(Schemas.JOB_EVENT).validate(success).isEmpty(), "succeeded needs a result");
    }

    @Test
    void schemaEnumsAreTheJavaEnums() throws IOException {
        JsonNode request = Json.mapper().readTree(Schemas.open(Schemas.RESTORATION_REQUEST));
        JsonNode event = Json.mapper().readTree(Schemas.open(Schemas.JOB_EVENT));
        JsonNode record = Json.mapper().readTree(Schemas.open(Schemas.JOB_RECORD));
        assertEquals(names(Task.values(), Task::wireName), strings(request.at("/properties/task/enum")));
        assertEquals(names(Method.values(), Method::wireName), strings(request.at("/properties/method/enum")));
        assertEquals(names(Task.values(), Task::wireName), strings(record.at("/properties/task/enum")));
        assertEquals(names(Method.values(), Method::wireName), strings(record.at("/properties/method/enum")));
        for (JsonNode schema : List.of(event, record)) {
            assertEquals(names(JobStatus.values(), JobStatus::wireName), strings(schema.at("/properties/status/enum")));
            assertEquals(names(ErrorCode.values(), ErrorCode::wireName),
                    strings(schema.at("/$defs/error/properties/code/enum")));
        }
        assertEquals(Limits.MAX_ITERATIONS, request.at("/$defs/options/properties/iterations/maximum").asInt());
        JsonNode training = Json.mapper().readTree(Schemas.open(Schemas.TRAINING_REQUEST));
        JsonNode model = Json.mapper().readTree(Schemas.open(Schemas.MODEL_RECORD));
        List<String> selfSupervised = Arrays.stream(Method.values()).filter(Method::isTrainable)
                .map(Method::wireName).toList();
        assertEquals(selfSupervised, strings(training.at("/properties/method/enum")));
        assertEquals(selfSupervised, strings(model.at("/properties/method/enum")));
        assertEquals(names(ErrorCode.values(), ErrorCode::wireName),
                strings(model.at("/properties/error/properties/code/enum")));
        assertEquals(names(ModelSource.values(), ModelSource::wireName), strings(model.at("/properties/source/enum")));
        JsonNode imports = Json.mapper().readTree(Schemas.open(Schemas.IMPORT_REQUEST));
        assertEquals(names(ValueRange.values(), ValueRange::wireName),
                strings(imports.at("/properties/valueRange/enum")));
        String bucket = request.at("/$defs/objectRef/properties/bucket/pattern").asText();
        assertFalse(bucket.isEmpty());
        assertEquals(bucket, training.at("/properties/collection/properties/bucket/pattern").asText());
        assertEquals(bucket, model.at("/properties/collection/properties/bucket/pattern").asText());
    }

    static final String MODEL_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @Test
    void trainingRequestsAndModelRecordsMatchTheirSchemas() throws IOException {
        TrainingRequest request = TrainingRequest.of(MODEL_ID, Method.NOISE2VOID,
                new CollectionRef(null, "archive/scans/"), RestorationOptions.NONE, T0).resolved();
        assertEquals(request, Json.read(Json.write(request), TrainingRequest.class));
        assertEquals(Set.of(), check(Schemas.TRAINING_REQUEST, request));
        ModelRecord queued = ModelRecord.queued(request);
        ModelRecord running = queued.started(3, 1, T0.plusSeconds(1))
                .progressed(new Progress(25, 1000, 0.01, 30.0, null), T0.plusSeconds(2));
        ModelRecord done = running.succeeded(1000, java.util.Map.of("method", "noise2void"), T0.plusSeconds(3));
        ModelRecord failed = running.failed(JobError.of(ErrorCode.UNSUPPORTED_IMAGE, "no image"), T0.plusSeconds(3));
        for (ModelRecord record : List.of(queued, running, done, failed)) {
            assertEquals(record, Json.read(Json.write(record), ModelRecord.class));
            assertEquals(Set.of(), check(Schemas.MODEL_RECORD, record), record.status().wireName());
        }
        ObjectNode dip = (ObjectNode) Json.mapper().readTree(Json.write(request));
        dip.put("method", "dip");
        assertFalse(schema(Schemas.TRAINING_REQUEST).validate(dip).isEmpty());
        ObjectNode escaping = (ObjectNode) Json.mapper().readTree(Json.write(request));
        escaping.putObject("collection").put("prefix", "../jobs/");
        assertFalse(schema(Schemas.TRAINING_REQUEST).validate(escaping).isEmpty());
    }

    @Test
    void pairedTrainingAndResumedRecordsMatchTheirSchemas() throws IOException {
        TrainingRequest paired = TrainingRequest.of(MODEL_ID, Method.NOISE2NOISE,
                new CollectionRef("revive", "shots/a/", "shots/b/"), RestorationOptions.NONE, T0).resolved();
        assertEquals(paired, Json.read(Json.write(paired), TrainingRequest.class));
        assertEquals(Set.of(), check(Schemas.TRAINING_REQUEST, paired));
        ModelRecord resumed = ModelRecord.queued(paired).started(2, 0, T0).resumedFrom(200, T0.plusSeconds(1))
                .progressed(new Progress(200, 1000, 0.012, 30.0, null, 0.0105), T0.plusSeconds(1));
        assertEquals(200, resumed.progress().iteration());
        assertEquals(0.0105, resumed.progress().validationLoss());
        assertEquals(resumed, Json.read(Json.write(resumed), ModelRecord.class));
        assertEquals(Set.of(), check(Schemas.MODEL_RECORD, resumed));
        ModelRecord done = resumed.succeeded(1000, java.util.Map.of("method", "noise2noise"), T0.plusSeconds(2));
        assertEquals(200, done.resumedFrom());
        assertEquals(Set.of(), check(Schemas.MODEL_RECORD, done));

        TrainingRequest unpaired = TrainingRequest.of(MODEL_ID, Method.NOISE2NOISE,
                new CollectionRef("revive", "shots/a/"), RestorationOptions.NONE, T0).resolved();
        assertFalse(check(Schemas.TRAINING_REQUEST, unpaired).isEmpty(), "noise2noise needs its pairs");
        TrainingRequest strayPairs = TrainingRequest.of(MODEL_ID, Method.NOISE2VOID,
                new CollectionRef("revive", "shots/a/", "shots/b/"), RestorationOptions.NONE, T0).resolved();
        assertFalse(check(Schemas.TRAINING_REQUEST, strayPairs).isEmpty(), "only noise2noise takes pairs");
        ObjectNode escaping = (ObjectNode) Json.mapper().readTree(Json.write(paired));
        ((ObjectNode) escaping.get("collection")).put("pairedPrefix", "../jobs/");
        assertFalse(schema(Schemas.TRAINING_REQUEST).validate(escaping).isEmpty());

        TrainingRequest piles = TrainingRequest.of(MODEL_ID, Method.UNPAIRED,
                CollectionRef.unpaired("revive", "scans/noisy/", "photos/clean/"), RestorationOptions.NONE, T0)
                .resolved();
        assertEquals(piles, Json.read(Json.write(piles), TrainingRequest.class));
        assertEquals(Set.of(), check(Schemas.TRAINING_REQUEST, piles));
        ModelRecord losses = ModelRecord.queued(piles).started(4, 0, T0).progressed(new Progress(10, 1000, 12.5, 30.0,
                null, null, java.util.Map.of("adversarial", 0.9, "crossCycle", 0.2, "discriminators", 1.1)),
                T0.plusSeconds(1));
        assertEquals(losses, Json.read(Json.write(losses), ModelRecord.class));
        assertEquals(Set.of(), check(Schemas.MODEL_RECORD, losses));
        ModelRecord lossesDone = losses.succeeded(1000, java.util.Map.of("method", "unpaired"), T0.plusSeconds(2));
        assertEquals(0.2, lossesDone.progress().losses().get("crossCycle"));
        assertEquals(Set.of(), check(Schemas.MODEL_RECORD, lossesDone));
        assertFalse(check(Schemas.TRAINING_REQUEST, TrainingRequest.of(MODEL_ID, Method.UNPAIRED,
                new CollectionRef("revive", "scans/noisy/"), RestorationOptions.NONE, T0).resolved()).isEmpty(),
                "unpaired needs its clean photos");
        assertFalse(check(Schemas.TRAINING_REQUEST, TrainingRequest.of(MODEL_ID, Method.NOISE2VOID,
                CollectionRef.unpaired("revive", "scans/noisy/", "photos/clean/"), RestorationOptions.NONE, T0)
                .resolved()).isEmpty(), "only unpaired takes clean photos");
        TrainingRequest semantic = piles.withFeatureModel(ID);
        assertEquals(semantic, Json.read(Json.write(semantic), TrainingRequest.class));
        assertEquals(Set.of(), check(Schemas.TRAINING_REQUEST, semantic));
        assertFalse(check(Schemas.TRAINING_REQUEST, TrainingRequest.of(MODEL_ID, Method.NOISE2VOID,
                new CollectionRef("revive", "scans/noisy/"), RestorationOptions.NONE, T0).resolved()
                .withFeatureModel(ID)).isEmpty(), "only unpaired has a semantic term");
        ObjectNode escapingFeatures = (ObjectNode) Json.mapper().readTree(Json.write(semantic));
        escapingFeatures.put("featureModel", "../models/x");
        assertFalse(schema(Schemas.TRAINING_REQUEST).validate(escapingFeatures).isEmpty());
        ObjectNode escapingClean = (ObjectNode) Json.mapper().readTree(Json.write(piles));
        ((ObjectNode) escapingClean.get("collection")).put("cleanPrefix", "../jobs/");
        assertFalse(schema(Schemas.TRAINING_REQUEST).validate(escapingClean).isEmpty());
        ObjectNode oneUnpaired = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        oneUnpaired.put("method", "unpaired");
        oneUnpaired.remove("options");
        assertFalse(schema(Schemas.RESTORATION_REQUEST).validate(oneUnpaired).isEmpty(), "a photo has no clean pile");

        TrainingRequest triplet = TrainingRequest.of(MODEL_ID, Method.OLD_PHOTO_TRIPLET,
                CollectionRef.unpaired("revive", "scans/old/", "photos/clean/"), RestorationOptions.NONE, T0)
                .resolved();
        assertEquals(Set.of(), check(Schemas.TRAINING_REQUEST, triplet));
        assertEquals(Set.of(), check(Schemas.MODEL_RECORD, ModelRecord.queued(triplet).started(4, 0, T0)
                .progressed(new Progress(10, 1000, 0.5, 30.0, null, null, java.util.Map.of("mapping", 0.1,
                        "featureMatching", 0.2, "imageDiscriminator", 0.5)), T0.plusSeconds(1))));
        assertFalse(check(Schemas.TRAINING_REQUEST, TrainingRequest.of(MODEL_ID, Method.OLD_PHOTO_TRIPLET,
                new CollectionRef("revive", "scans/old/"), RestorationOptions.NONE, T0).resolved()).isEmpty(),
                "old-photo-triplet needs its clean photos");
        ObjectNode oneTriplet = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        oneTriplet.put("method", "old-photo-triplet");
        oneTriplet.remove("options");
        assertFalse(schema(Schemas.RESTORATION_REQUEST).validate(oneTriplet).isEmpty(), "a photo has no clean pile");

        TrainingRequest detector = TrainingRequest.of(MODEL_ID, Method.DEFECT_DETECTOR,
                new CollectionRef("revive", "photos/clean/"), RestorationOptions.NONE, T0).resolved();
        assertEquals(Set.of(), check(Schemas.TRAINING_REQUEST, detector));
        ModelRecord detectorRecord = ModelRecord.queued(detector).started(3, 0, T0);
        assertEquals(Set.of(), check(Schemas.MODEL_RECORD, detectorRecord));
        assertFalse(detectorRecord.restores(), "a detector serves options.detector, not method=model");
        assertFalse(check(Schemas.TRAINING_REQUEST, TrainingRequest.of(MODEL_ID, Method.DEFECT_DETECTOR,
                CollectionRef.unpaired("revive", "photos/old/", "photos/clean/"), RestorationOptions.NONE, T0)
                .resolved()).isEmpty(), "defect-detector ages the clean photos under prefix itself");
        ObjectNode oneDetector = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        oneDetector.put("method", "defect-detector");
        oneDetector.remove("options");
        assertFalse(schema(Schemas.RESTORATION_REQUEST).validate(oneDetector).isEmpty(), "a detector restores nothing");

        ObjectNode single = (ObjectNode) Json.mapper().readTree(Json.write(sampleRequest()));
        single.put("method", "noise2noise");
        single.remove("options");
        assertFalse(schema(Schemas.RESTORATION_REQUEST).validate(single).isEmpty(), "a photo has one shot");
    }

    @Test
    void importRequestsAndImportedModelRecordsMatchTheirSchemas() throws IOException {
        ImportRequest request = new ImportRequest(ImportRequest.SCHEMA_VERSION, MODEL_ID,
                new CollectionRef(null, "exports/denoiser"), null, "pixels", null, ValueRange.BYTE, 3, T0, "alice",
                null).resolved();
        assertEquals("exports/denoiser/", request.savedModel().prefix());
        assertEquals(ImportRequest.DEFAULT_SIGNATURE, request.signature());
        assertEquals(ModelKind.DENOISER, request.kind());
        assertEquals(request, Json.read(Json.write(request), ImportRequest.class));
        assertEquals(Set.of(), check(Schemas.IMPORT_REQUEST, request));
        assertEquals(List.of(), RequestValidator.validate(request));
        ModelRecord queued = ModelRecord.queued(request);
        ModelRecord running = queued.importing(T0.plusSeconds(1));
        ModelRecord done = running.succeeded(0, java.util.Map.of("signature", "serving_default"), T0.plusSeconds(2));
        ModelRecord failed = running.failed(JobError.of(ErrorCode.UNSUPPORTED_MODEL, "no such signature"),
                T0.plusSeconds(2));
        ImportRequest features = new ImportRequest(ImportRequest.SCHEMA_VERSION, MODEL_ID,
                new CollectionRef(null, "exports/vgg/"), null, null, null, null, null, T0, null, ModelKind.FEATURES)
                .resolved();
        assertEquals(Set.of(), check(Schemas.IMPORT_REQUEST, features));
        assertEquals(features, Json.read(Json.write(features), ImportRequest.class));
        ModelRecord extractor = ModelRecord.queued(features).importing(T0.plusSeconds(1))
                .succeeded(0, java.util.Map.of("signature", "serving_default"), T0.plusSeconds(2));
        assertEquals(ModelKind.FEATURES, extractor.kindOrDenoiser());
        assertFalse(extractor.kindOrDenoiser().restores());
        for (ModelRecord record : List.of(queued, running, done, failed, extractor)) {
            assertEquals(ModelSource.IMPORTED, record.source());
            assertEquals(record, Json.read(Json.write(record), ModelRecord.class));
            assertEquals(Set.of(), check(Schemas.MODEL_RECORD, record), record.status().wireName());
        }
        ObjectNode escaping = (ObjectNode) Json.mapper().readTree(Json.write(request));
        escaping.putObject("savedModel").put("prefix", "../jobs/");
        assertFalse(schema(Schemas.IMPORT_REQUEST).validate(escaping).isEmpty());
        ObjectNode badRange = (ObjectNode) Json.mapper().readTree(Json.write(request));
        badRange.put("valueRange", "percent");
        assertFalse(schema(Schemas.IMPORT_REQUEST).validate(badRange).isEmpty());
        for (String hostileKind : List.of("Features", "vgg", "", "denoiser\u0000")) {
            ObjectNode badKind = (ObjectNode) Json.mapper().readTree(Json.write(request));
            badKind.put("kind", hostileKind);
            assertFalse(schema(Schemas.IMPORT_REQUEST).validate(badKind).isEmpty(), hostileKind);
        }
        ObjectNode numericKind = (ObjectNode) Json.mapper().readTree(Json.write(request));
        numericKind.put("kind", 1);
        assertFalse(schema(Schemas.IMPORT_REQUEST).validate(numericKind).isEmpty());
        ImportRequest hostile = new ImportRequest(ImportRequest.SCHEMA_VERSION, MODEL_ID,
                new CollectionRef(null, "/etc/"), "x".repeat(200), "a b", null, null, 2, T0, null, null);
        assertEquals(List.of("savedModel.prefix", "signature", "input", "channels"),
                RequestValidator.validate(hostile).stream().map(Violation::field).toList());
    }

    @Test
    void aRecordWrittenBeforeImportsReadsAsTrained() {
        String old = "{\"schemaVersion\":1,\"modelId\":\"" + MODEL_ID + "\",\"method\":\"noise2void\","
                + "\"status\":\"queued\",\"collection\":{\"prefix\":\"a/\"},\"options\":{},\"attempts\":0,"
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
        ModelRecord record = Json.read(old, ModelRecord.class);
        assertEquals(null, record.source());
        assertEquals(ModelSource.TRAINED, record.sourceOrTrained());
        assertEquals(ModelKind.DENOISER, record.kindOrDenoiser());
    }

    @Test
    void aModelRequestNeedsItsModelIdInTheSchema() throws IOException {
        RestorationRequest served = RestorationRequest.of(ID, Task.DENOISE, Method.MODEL,
                new ObjectRef("revive", JobKeys.of(ID).input()), null, null, RestorationOptions.NONE, T0)
                .withModel(MODEL_ID).resolved();
        assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, served));
        assertEquals(served, Json.read(Json.write(served), RestorationRequest.class));
        assertFalse(check(Schemas.RESTORATION_REQUEST, served.withModel(null)).isEmpty());
        assertFalse(check(Schemas.RESTORATION_REQUEST, sampleRequest().withModel(MODEL_ID)).isEmpty());
    }

    @Test
    void unreadableMessagesAreReportedNotThrownRaw() {
        for (String bad : new String[] {"{", "[]", "{\"task\":\"paint\"}", "{\"schemaVersion\":\"x\"}", "null"}) {
            try {
                RestorationRequest r = Json.read(bad, RestorationRequest.class);
                assertFalse(r != null && RequestValidator.validate(r).isEmpty(), bad);
            } catch (MalformedMessageException expected) {
                assertTrue(expected.getMessage().startsWith("RestorationRequest is not readable"));
            }
        }
    }

    static <E> List<String> names(E[] values, Function<E, String> wireName) {
        return Arrays.stream(values).map(wireName).toList();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
