package dev.revive.api.endpoint;

import static dev.revive.api.endpoint.ApiTestSupport.PATH;
import static dev.revive.api.endpoint.ApiTestSupport.publishedRequest;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
import dev.revive.model.ImportRequest;
import dev.revive.model.JobIds;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Method;
import dev.revive.model.ModelKind;
import dev.revive.model.ModelRecord;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.model.Task;
import dev.revive.model.TrainingRequest;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** POST and GET /v1/models, and restorations that name a model, on the real broker and store. */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.TRAINING + ":1"))
class ModelResourceTest {
    static final String MODELS = ModelResource.PATH;
    private static TopicReader topics;

    @Inject
    ObjectStore store;

    static synchronized TopicReader topics() {
        if (topics == null) {
            topics = new TopicReader(LocalInfraTestResource.kafka().bootstrapServers());
        }
        return topics;
    }

    @AfterAll
    static void close() {
        if (topics != null) {
            topics.close();
            topics = null;
        }
    }

    static ValidatableResponse post(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post(MODELS).then();
    }

    /** A refused training request answers with the problem and publishes nothing. */
    static ValidatableResponse refused(Supplier<ValidatableResponse> call, int status, String code) {
        long before = topics().count(Topics.TRAINING);
        ValidatableResponse response = call.get().statusCode(status).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo(code));
        assertEquals(before, topics().count(Topics.TRAINING), "a refused training request must publish nothing");
        return response;
    }

    @Test
    void aBlindSpotTrainingIsPublishedWithItsMethod() {
        store.put("archive/bsn/a.png", TestImages.encode("png", 32, 32), "image/png");
        String id = post("{\"method\":\"blind-spot\",\"collection\":{\"prefix\":\"archive/bsn/\"}}")
                .statusCode(202).body("method", equalTo("blind-spot")).extract().path("id");
        TrainingRequest published = topics().readAll(Topics.TRAINING).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow();
        assertEquals(Method.BLIND_SPOT, published.method());
    }

    @Test
    void aTrainingRequestIsQueuedPublishedAndReadable() {
        store.put("archive/scans/a.png", TestImages.encode("png", 40, 24), "image/png");
        store.put("archive/scans/b.png", TestImages.encode("png", 32, 32), "image/png");
        var response = post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"archive/scans/\"},"
                + "\"options\":{\"iterations\":40,\"seed\":3,\"channels\":8,\"maxSeconds\":60}}")
                .statusCode(202)
                .body("status", equalTo("queued"))
                .body("method", equalTo("noise2void"))
                .body("collection.bucket", equalTo(store.bucket()))
                .body("options.iterations", equalTo(40))
                .body("options.learningRate", equalTo(4e-4f))
                .extract();
        String id = response.path("id");
        assertTrue(response.header("Location").endsWith(MODELS + "/" + id), response.header("Location"));
        TrainingRequest published = topics().readAll(Topics.TRAINING).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow();
        assertEquals(new CollectionRef(store.bucket(), "archive/scans/"), published.collection());
        assertEquals(8, published.options().channels());
        assertEquals(JobStatus.QUEUED, store.readModel(id).orElseThrow().status());
        given().get(MODELS + "/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("status", equalTo("queued")).body("self", equalTo(MODELS + "/" + id));
    }

    @Test
    void onlySelfSupervisedMethodsTrain() {
        String body = ",\"collection\":{\"prefix\":\"archive/scans/\"}}";
        refused(() -> post("{\"method\":\"dip\"" + body), 400, "invalid-request")
                .body("violations.field", hasItem("method"));
        refused(() -> post("{\"method\":\"model\"" + body), 400, "invalid-request");
        refused(() -> post("{\"method\":\"paint\"" + body), 400, "unknown-method");
        refused(() -> post("{\"collection\":{\"prefix\":\"x/\"}}"), 400, "missing-method");
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"x/\"},\"options\":"
                + "{\"inputNoise\":0.1,\"iterations\":0}}"), 400, "invalid-request")
                .body("violations.field", hasItem("options.iterations"))
                .body("violations.field", hasItem("options.inputNoise"));
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"x/\"},\"extra\":1}"), 400,
                "malformed-json");
    }

    @Test
    void theCollectionMustBeAPlainPrefixWithAnImage() {
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"\"}}"), 400, "invalid-request")
                .body("violations.field", hasItem("collection.prefix"));
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"../jobs/\"}}"), 400,
                "invalid-request").body("violations.field", hasItem("collection.prefix"));
        refused(() -> post("{\"method\":\"noise2void\"}"), 400, "invalid-request");
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"bucket\":\"elsewhere\",\"prefix\":\"x/\"}}"),
                400, "bucket-not-allowed");
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"nothing-here/\"}}"), 422,
                "no-images");
        store.put("notes/readme.txt", "not a photo".getBytes(), "text/plain");
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"notes/\"}}"), 422, "no-images");
        given().get(MODELS + "/" + JobIds.newId()).then().statusCode(404).body("code", equalTo("not-found"));
        given().get(MODELS + "/nope").then().statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void noise2NoiseTrainsOnAPairedCollectionNamedInTheRequest() {
        store.put("pairs/first/a.png", TestImages.encode("png", 32, 32), "image/png");
        store.put("pairs/second/a.png", TestImages.encode("png", 32, 32), "image/png");
        String id = post("{\"method\":\"noise2noise\",\"collection\":{\"prefix\":\"pairs/first/\","
                + "\"pairedPrefix\":\"pairs/second/\"},\"options\":{\"iterations\":40}}")
                .statusCode(202)
                .body("method", equalTo("noise2noise"))
                .body("collection.pairedPrefix", equalTo("pairs/second/"))
                .extract().path("id");
        TrainingRequest published = topics().readAll(Topics.TRAINING).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow();
        assertEquals(new CollectionRef(store.bucket(), "pairs/first/", "pairs/second/"), published.collection());
        assertEquals(Method.NOISE2NOISE, published.method());
    }

    @Test
    void pairsAreForNoise2NoiseAloneAndHeldToThePrefixRules() {
        refused(() -> post("{\"method\":\"noise2noise\",\"collection\":{\"prefix\":\"pairs/first/\"}}"), 400,
                "invalid-request").body("violations.field", hasItem("collection.pairedPrefix"))
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("second noisy shot")));
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"pairs/first/\","
                + "\"pairedPrefix\":\"pairs/second/\"}}"), 400, "invalid-request")
                .body("violations.field", hasItem("collection.pairedPrefix"));
        for (String hostile : new String[] {"../jobs/", "/etc/", "pairs/first/", "pairs/first/x/", "q".repeat(1025),
                "a\\u0000b"}) {
            refused(() -> post("{\"method\":\"noise2noise\",\"collection\":{\"prefix\":\"pairs/first/\","
                    + "\"pairedPrefix\":\"" + hostile + "\"}}"), 400, "invalid-request")
                    .body("violations.field", hasItem("collection.pairedPrefix"));
        }
        refused(() -> post("{\"method\":\"noise2noise\",\"collection\":{\"prefix\":\"pairs/first/\","
                + "\"pairedPrefix\":{\"a\":1}}}"), 400, "malformed-json");
    }

    @Test
    void anUnpairedTrainingNamesItsCleanPhotosAndIsPublishedWithThem() {
        store.put("unpaired/noisy/a.png", TestImages.encode("png", 32, 32), "image/png");
        store.put("unpaired/clean/b.png", TestImages.encode("png", 40, 32), "image/png");
        String id = post("{\"method\":\"unpaired\",\"collection\":{\"prefix\":\"unpaired/noisy/\","
                + "\"cleanPrefix\":\"unpaired/clean/\"},\"options\":{\"iterations\":40}}")
                .statusCode(202)
                .body("method", equalTo("unpaired"))
                .body("collection.cleanPrefix", equalTo("unpaired/clean/"))
                .body("options.learningRate", equalTo(1e-4f))
                .extract().path("id");
        TrainingRequest published = topics().readAll(Topics.TRAINING).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow();
        assertEquals(CollectionRef.unpaired(store.bucket(), "unpaired/noisy/", "unpaired/clean/"),
                published.collection());
        assertEquals(Method.UNPAIRED, published.method());
    }

    @Test
    void cleanPhotosAreForTheUnpairedMethodAloneAndHeldToThePrefixRules() {
        store.put("unpaired/noisy/a.png", TestImages.encode("png", 32, 32), "image/png");
        refused(() -> post("{\"method\":\"unpaired\",\"collection\":{\"prefix\":\"unpaired/noisy/\"}}"), 400,
                "invalid-request").body("violations.field", hasItem("collection.cleanPrefix"))
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("clean photos")));
        for (String other : new String[] {"noise2void", "blind-spot", "self2self"}) {
            refused(() -> post("{\"method\":\"" + other + "\",\"collection\":{\"prefix\":\"unpaired/noisy/\","
                    + "\"cleanPrefix\":\"unpaired/clean/\"}}"), 400, "invalid-request")
                    .body("violations.field", hasItem("collection.cleanPrefix"));
        }
        for (String hostile : new String[] {"../jobs/", "/etc/", "unpaired/noisy/", "unpaired/noisy/x/", "unpaired/",
                "q".repeat(1025), "a\\u0000b", ""}) {
            refused(() -> post("{\"method\":\"unpaired\",\"collection\":{\"prefix\":\"unpaired/noisy/\","
                    + "\"cleanPrefix\":\"" + hostile + "\"}}"), 400, "invalid-request")
                    .body("violations.field", hasItem("collection.cleanPrefix"));
        }
        refused(() -> post("{\"method\":\"unpaired\",\"collection\":{\"prefix\":\"unpaired/noisy/\","
                + "\"cleanPrefix\":[\"a/\"]}}"), 400, "malformed-json");
        refused(() -> post("{\"method\":\"unpaired\",\"collection\":{\"prefix\":\"unpaired/noisy/\","
                + "\"cleanPrefix\":\"unpaired/nothing/\"}}"), 422, "no-images")
                .body("detail", org.hamcrest.Matchers.containsString("unpaired/nothing/"));
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body("{\"task\":\"denoise\","
                + "\"method\":\"unpaired\",\"input\":{\"key\":\"unpaired/noisy/a.png\"}}").post(PATH).then(),
                400, "invalid-request").body("violations.field", hasItem("method"));
    }

    @Test
    void anUnpairedTrainingMayNameAnImportedFeatureModelAndNothingElse() {
        store.put("unpaired/noisy/a.png", TestImages.encode("png", 32, 32), "image/png");
        store.put("unpaired/clean/b.png", TestImages.encode("png", 40, 32), "image/png");
        String piles = "\"method\":\"unpaired\",\"collection\":{\"prefix\":\"unpaired/noisy/\","
                + "\"cleanPrefix\":\"unpaired/clean/\"}";
        String imported = imported(JobStatus.SUCCEEDED);
        String id = post("{" + piles + ",\"featureModel\":\"" + imported + "\"}").statusCode(202)
                .extract().path("id");
        TrainingRequest published = topics().readAll(Topics.TRAINING).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow();
        assertEquals(imported, published.featureModel());
        String features = imported(JobStatus.SUCCEEDED, ModelKind.FEATURES);
        String withFeatures = post("{" + piles + ",\"featureModel\":\"" + features + "\"}").statusCode(202)
                .extract().path("id");
        assertEquals(features, topics().readAll(Topics.TRAINING).stream().filter(r -> withFeatures.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow().featureModel());

        refused(() -> post("{" + piles + ",\"featureModel\":\"" + JobIds.newId() + "\"}"), 422, "unknown-model");
        refused(() -> post("{" + piles + ",\"featureModel\":\"" + imported(JobStatus.QUEUED) + "\"}"), 409,
                "model-not-ready");
        refused(() -> post("{" + piles + ",\"featureModel\":\"" + model(JobStatus.SUCCEEDED) + "\"}"), 422,
                "unsupported-model").body("detail", org.hamcrest.Matchers.containsString("imported"));
        for (String hostile : new String[] {"../models/" + imported, "", "VGG19", imported.toUpperCase(),
                "x".repeat(5000), "a\\u0000b"}) {
            refused(() -> post("{" + piles + ",\"featureModel\":\"" + hostile + "\"}"), 400, "invalid-request")
                    .body("violations.field", hasItem("featureModel"));
        }
        refused(() -> post("{" + piles + ",\"featureModel\":[\"" + imported + "\"]}"), 400, "malformed-json");
        refused(() -> post("{" + piles + ",\"featureModel\":{\"id\":1}}"), 400, "malformed-json");
        store.put("archive/scans/a.png", TestImages.encode("png", 40, 24), "image/png");
        refused(() -> post("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"archive/scans/\"},"
                + "\"featureModel\":\"" + imported + "\"}"), 400, "invalid-request")
                .body("violations.field", hasItem("featureModel"));
    }

    /** An imported model in {@code status}, written as the worker would. */
    private String imported(JobStatus status) {
        return imported(status, null);
    }

    /** As {@link #imported(JobStatus)}, imported as {@code kind} (null: the default, a denoiser). */
    private String imported(JobStatus status, ModelKind kind) {
        String id = JobIds.newId();
        ModelRecord record = ModelRecord.queued(new ImportRequest(ImportRequest.SCHEMA_VERSION, id,
                new CollectionRef(store.bucket(), "exports/features/"), null, null, null, null, null, Instant.now(),
                null, kind).resolved());
        if (status == JobStatus.SUCCEEDED) {
            record = record.importing(Instant.now()).succeeded(0, Map.of("signature", "serving_default"),
                    Instant.now());
        }
        store.writeModel(record);
        return id;
    }

    @Test
    void aRestorationOfOnePhotoCannotUseNoise2Noise() {
        store.put("archive/scans/a.png", TestImages.encode("png", 40, 24), "image/png");
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body("{\"task\":\"denoise\","
                + "\"method\":\"noise2noise\",\"input\":{\"key\":\"archive/scans/a.png\"}}").post(PATH).then(),
                400, "invalid-request").body("violations.field", hasItem("method"))
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("two noisy shots")));
        ApiTestSupport.refused(() -> ApiTestSupport.upload(TestImages.encode("png", 40, 24), "denoise")
                .multiPart("method", "noise2noise").post(PATH).then(), 400, "invalid-request");
    }

    /** A model in each state, written as the worker would. */
    private String model(JobStatus status) {
        return model(status, Method.NOISE2VOID);
    }

    private String model(JobStatus status, Method method) {
        return model(status, method, new CollectionRef(store.bucket(), "archive/"));
    }

    /** A model of {@code method} in each state, trained on {@code collection}, written as the worker would. */
    private String model(JobStatus status, Method method, CollectionRef collection) {
        String id = JobIds.newId();
        ModelRecord record = ModelRecord.queued(TrainingRequest.of(id, method, collection, RestorationOptions.NONE,
                Instant.now()).resolved());
        if (status == JobStatus.SUCCEEDED) {
            record = record.started(2, 0, Instant.now()).succeeded(40, Map.of("method", method.wireName()),
                    Instant.now());
        }
        store.writeModel(record);
        return id;
    }

    private static String denoiseWith(String model) {
        return "{\"task\":\"denoise\",\"method\":\"model\"" + (model == null ? "" : ",\"model\":\"" + model + "\"")
                + ",\"input\":{\"key\":\"archive/scans/a.png\"}}";
    }

    @Test
    void aRestorationMayNameASucceededModel() {
        store.put("archive/scans/a.png", TestImages.encode("png", 40, 24), "image/png");
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(denoiseWith(JobIds.newId()))
                .post(PATH).then(), 422, "unknown-model");
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(denoiseWith(model(JobStatus.QUEUED)))
                .post(PATH).then(), 409, "model-not-ready");
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(denoiseWith(null)).post(PATH).then(),
                400, "invalid-request").body("violations.field", hasItem("model"));
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body("{\"task\":\"denoise\",\"model\":\""
                + JobIds.newId() + "\",\"input\":{\"key\":\"archive/scans/a.png\"}}").post(PATH).then(), 400,
                "invalid-request").body("violations.field", hasItem("model"));
        String features = imported(JobStatus.SUCCEEDED, ModelKind.FEATURES);
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(denoiseWith(features)).post(PATH)
                .then(), 422, "unsupported-model").body("detail", org.hamcrest.Matchers.containsString("features"));
        String importedDenoiser = imported(JobStatus.SUCCEEDED, ModelKind.DENOISER);
        given().contentType(ContentType.JSON).body(denoiseWith(importedDenoiser)).post(PATH).then().statusCode(202);
        String ready = model(JobStatus.SUCCEEDED);
        String id = given().contentType(ContentType.JSON).body(denoiseWith(ready)).post(PATH).then().statusCode(202)
                .body("method", equalTo("model")).extract().path("id");
        RestorationRequest request = publishedRequest(id);
        assertEquals(Method.MODEL, request.method());
        assertEquals(ready, request.model());
        String uploaded = ApiTestSupport.upload(TestImages.encode("png", 40, 24), "denoise")
                .multiPart("method", "model").multiPart("model", ready).post(PATH).then().statusCode(202)
                .extract().path("id");
        assertEquals(ready, publishedRequest(uploaded).model());
    }

    @Test
    void aDefectDetectorTrainsOnCleanPhotosUnderAPrefixWithItsDefaults() {
        store.put("archive/detector-clean/a.png", TestImages.encode("png", 40, 32), "image/png");
        String id = post("{\"method\":\"defect-detector\",\"collection\":{\"prefix\":\"archive/detector-clean/\"},"
                + "\"options\":{\"seed\":4,\"channels\":8}}").statusCode(202)
                .body("method", equalTo("defect-detector"))
                .body("options.iterations", equalTo(RestorationOptions.defaultsFor(Method.DEFECT_DETECTOR).iterations()))
                .body("options.learningRate", equalTo(2e-3f))
                .extract().path("id");
        TrainingRequest published = topics().readAll(Topics.TRAINING).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), TrainingRequest.class)).findFirst().orElseThrow();
        assertEquals(Method.DEFECT_DETECTOR, published.method());
        assertEquals(new CollectionRef(store.bucket(), "archive/detector-clean/"), published.collection());
        assertEquals(4L, published.options().seed());
    }

    @Test
    void aDefectDetectorTrainingWithAnotherPileOrOptionsItCannotUseIsRefused() {
        store.put("archive/detector-clean/a.png", TestImages.encode("png", 40, 32), "image/png");
        String method = "{\"method\":\"defect-detector\"";
        String clean = ",\"collection\":{\"prefix\":\"archive/detector-clean/\"}";
        refused(() -> post(method + "}"), 400, "invalid-request").body("violations.field", hasItem("collection"));
        for (String prefix : new String[] {"", "../jobs/", "/etc/", "a\\u0000b"}) {
            refused(() -> post(method + ",\"collection\":{\"prefix\":\"" + prefix + "\"}}"), 400, "invalid-request")
                    .body("violations.field", hasItem("collection.prefix"));
        }
        refused(() -> post(method + ",\"collection\":{\"prefix\":\"archive/detector-clean/\","
                + "\"cleanPrefix\":\"archive/other/\"}}"), 400, "invalid-request")
                .body("violations.field", hasItem("collection.cleanPrefix"));
        refused(() -> post(method + ",\"collection\":{\"prefix\":\"archive/detector-clean/\","
                + "\"pairedPrefix\":\"archive/other/\"}}"), 400, "invalid-request")
                .body("violations.field", hasItem("collection.pairedPrefix"));
        refused(() -> post(method + clean + ",\"options\":{\"inputNoise\":0.1,\"stop\":\"auto\","
                + "\"iterations\":0,\"scale\":4}}"), 400, "invalid-request")
                .body("violations.field", hasItem("options.inputNoise"))
                .body("violations.field", hasItem("options.stop"))
                .body("violations.field", hasItem("options.iterations"))
                .body("violations.field", hasItem("options.scale"));
        refused(() -> post(method + clean + ",\"options\":{\"detector\":\"" + JobIds.newId()
                + "\",\"defectThreshold\":0.4}}"), 400, "invalid-request")
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("old-photo")));
        refused(() -> post(method + clean + ",\"featureModel\":\"" + JobIds.newId() + "\"}"), 400,
                "invalid-request").body("violations.field", hasItem("featureModel"));
        refused(() -> post(method + clean + ",\"options\":{\"iterations\":\"many\"}}"), 400, "malformed-json");
        refused(() -> post(method + ",\"collection\":{\"prefix\":\"archive/no-such-photos/\"}}"), 422, "no-images");
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body("{\"task\":\"old-photo\","
                + "\"method\":\"defect-detector\",\"input\":{\"key\":\"archive/detector-clean/a.png\"}}").post(PATH)
                .then(), 400, "invalid-request").body("violations.field", hasItem("method"))
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("options.detector")));
    }

    @Test
    void aDetectorServesOnlyAsAnOldPhotosDetectorAndOnlyADetectorDoes() {
        store.put("archive/scans/a.png", TestImages.encode("png", 40, 24), "image/png");
        String detector = model(JobStatus.SUCCEEDED, Method.DEFECT_DETECTOR);
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(denoiseWith(detector)).post(PATH)
                .then(), 422, "unsupported-model").body("detail", org.hamcrest.Matchers.containsString("detector"));
        String denoiser = model(JobStatus.SUCCEEDED);
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(repairWith(denoiser)).post(PATH)
                .then(), 422, "unsupported-model").body("detail", org.hamcrest.Matchers.containsString("not a defect"));
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(repairWith(JobIds.newId()))
                .post(PATH).then(), 422, "unknown-model");
        String training = model(JobStatus.QUEUED, Method.DEFECT_DETECTOR);
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON).body(repairWith(training)).post(PATH)
                .then(), 409, "model-not-ready");
        String id = given().contentType(ContentType.JSON).body(repairWith(detector)).post(PATH).then()
                .statusCode(202).extract().path("id");
        assertEquals(detector, publishedRequest(id).options().detector());
    }

    private static String repairWith(String detector) {
        return "{\"task\":\"old-photo\",\"input\":{\"key\":\"archive/scans/a.png\"},\"options\":{\"detector\":\""
                + detector + "\"}}";
    }

    @Test
    void anOldPhotoMayNameATripletModelAndNoOtherModel() {
        store.put("archive/scans/a.png", TestImages.encode("png", 40, 24), "image/png");
        String triplet = model(JobStatus.SUCCEEDED, Method.OLD_PHOTO_TRIPLET,
                CollectionRef.unpaired(store.bucket(), "archive/old/", "archive/clean/"));
        String body = "{\"task\":\"old-photo\",\"method\":\"model\",\"model\":\"%s\","
                + "\"input\":{\"key\":\"archive/scans/a.png\"}}";
        String id = given().contentType(ContentType.JSON).body(body.formatted(triplet)).post(PATH).then()
                .statusCode(202).extract().path("id");
        RestorationRequest request = publishedRequest(id);
        assertEquals(Task.OLD_PHOTO, request.task());
        assertEquals(triplet, request.model());
        ApiTestSupport.refused(() -> given().contentType(ContentType.JSON)
                .body(body.formatted(model(JobStatus.SUCCEEDED))).post(PATH).then(), 422, "unsupported-model")
                .body("detail", org.hamcrest.Matchers.containsString("old-photo-triplet"));
    }
}
