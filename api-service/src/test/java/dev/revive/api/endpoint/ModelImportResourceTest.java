package dev.revive.api.endpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.CollectionRef;
import dev.revive.model.ImportRequest;
import dev.revive.model.JobIds;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.ModelKind;
import dev.revive.model.ModelRecord;
import dev.revive.model.ModelSource;
import dev.revive.model.Topics;
import dev.revive.model.ValueRange;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** POST /v1/models/imports on the real broker and store: queued and published, or refused publishing nothing. */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG,
        value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1," + Topics.IMPORTS + ":1"))
class ModelImportResourceTest {
    static final String IMPORTS = ModelResource.PATH + "/imports";
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
        return given().contentType(ContentType.JSON).body(json).when().post(IMPORTS).then();
    }

    static ValidatableResponse refused(Supplier<ValidatableResponse> call, int status, String code) {
        long before = topics().count(Topics.IMPORTS);
        ValidatableResponse response = call.get().statusCode(status).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo(code));
        assertEquals(before, topics().count(Topics.IMPORTS), "a refused import must publish nothing");
        return response;
    }

    /** A directory as tf.saved_model.save leaves it; the api only looks for the graph file. */
    private String savedModelDir() {
        String prefix = "exports/" + JobIds.newId();
        store.put(prefix + "/saved_model.pb", new byte[] {8, 1}, "application/octet-stream");
        store.put(prefix + "/variables/variables.index", new byte[] {0}, "application/octet-stream");
        return prefix;
    }

    @Test
    void anImportIsQueuedPublishedAndReadable() {
        String prefix = savedModelDir();
        var response = post("{\"savedModel\":{\"prefix\":\"" + prefix + "\"},\"signature\":\"denoise_photo\","
                + "\"input\":\"pixels\",\"valueRange\":\"byte\",\"channels\":3}")
                .statusCode(202)
                .body("status", equalTo("queued"))
                .body("source", equalTo("imported"))
                .body("collection.bucket", equalTo(store.bucket()))
                .body("collection.prefix", equalTo(prefix + "/"))
                .extract();
        String id = response.path("id");
        assertTrue(response.header("Location").endsWith(ModelResource.PATH + "/" + id), response.header("Location"));
        ImportRequest published = topics().readAll(Topics.IMPORTS).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), ImportRequest.class)).findFirst().orElseThrow();
        assertEquals(new CollectionRef(store.bucket(), prefix + "/"), published.savedModel());
        assertEquals("denoise_photo", published.signature());
        assertEquals("pixels", published.input());
        assertNull(published.output());
        assertEquals(ValueRange.BYTE, published.valueRange());
        assertEquals(3, published.channels());
        ModelRecord record = store.readModel(id).orElseThrow();
        assertEquals(JobStatus.QUEUED, record.status());
        assertEquals(ModelSource.IMPORTED, record.source());
        given().get(ModelResource.PATH + "/" + id).then().statusCode(200).body("source", equalTo("imported"))
                .body("status", equalTo("queued"));

        String defaults = post("{\"savedModel\":{\"prefix\":\"" + prefix + "/\"}}").statusCode(202).extract()
                .path("id");
        ImportRequest plain = topics().readAll(Topics.IMPORTS).stream().filter(r -> defaults.equals(r.key()))
                .map(r -> Json.read(r.value(), ImportRequest.class)).findFirst().orElseThrow();
        assertEquals(ImportRequest.DEFAULT_SIGNATURE, plain.signature());
        assertEquals(ValueRange.UNIT, plain.valueRange());
        assertEquals(ModelKind.DENOISER, plain.kind());
        given().get(ModelResource.PATH + "/" + defaults).then().statusCode(200).body("kind", equalTo("denoiser"));

        String extractor = post("{\"savedModel\":{\"prefix\":\"" + prefix + "\"},\"kind\":\"features\"}")
                .statusCode(202).body("kind", equalTo("features")).extract().path("id");
        assertEquals(ModelKind.FEATURES, topics().readAll(Topics.IMPORTS).stream()
                .filter(r -> extractor.equals(r.key())).map(r -> Json.read(r.value(), ImportRequest.class))
                .findFirst().orElseThrow().kind());
        assertEquals(ModelKind.FEATURES, store.readModel(extractor).orElseThrow().kind());
    }

    @Test
    void bodyErrorsAreRefusedWithTheirField() {
        refused(() -> post("{\"savedModel\":"), 400, "malformed-json");
        refused(() -> post("{\"savedModel\":{\"prefix\":\"m/\"},\"extra\":1}"), 400, "malformed-json");
        refused(() -> post("{}"), 400, "invalid-request").body("violations.field", hasItem("savedModel"));
        refused(() -> post("{\"savedModel\":{\"prefix\":\"\"}}"), 400, "invalid-request")
                .body("violations.field", hasItem("savedModel.prefix"));
        refused(() -> post("{\"savedModel\":{\"prefix\":\"../jobs/\"}}"), 400, "invalid-request")
                .body("violations.field", hasItem("savedModel.prefix"));
        refused(() -> post("{\"savedModel\":{\"prefix\":\"m/\"},\"valueRange\":\"percent\"}"), 400,
                "invalid-request").body("violations.field", hasItem("valueRange"));
        for (String kind : new String[] {"\"Features\"", "\"vgg\"", "\"\"", "\"features\\u0000\"",
                "\"" + "f".repeat(5000) + "\""}) {
            refused(() -> post("{\"savedModel\":{\"prefix\":\"m/\"},\"kind\":" + kind + "}"), 400,
                    "invalid-request").body("violations.field", hasItem("kind"));
        }
        refused(() -> post("{\"savedModel\":{\"prefix\":\"m/\"},\"kind\":[\"features\"]}"), 400,
                "malformed-json");
        refused(() -> post("{\"savedModel\":{\"prefix\":\"m/\"},\"output\":\"" + "o".repeat(5000) + "\"}"), 400,
                "invalid-request").body("violations.field", hasItem("output"));
        refused(() -> post("{\"savedModel\":{\"prefix\":\"m/\"},\"channels\":2}"), 400, "invalid-request")
                .body("violations.field", hasItem("channels"));
        refused(() -> post("{\"savedModel\":{\"bucket\":\"elsewhere\",\"prefix\":\"m/\"}}"), 400,
                "bucket-not-allowed");
    }

    @Test
    void aPrefixWithoutASavedModelIs422AndAnUnknownModel404() {
        refused(() -> post("{\"savedModel\":{\"prefix\":\"exports/nothing-here/\"}}"), 422, "no-saved-model")
                .body("detail", containsString("saved_model.pb"));
        String prefix = "exports/" + JobIds.newId() + "/";
        store.put(prefix + "model.h5", new byte[] {1}, "application/octet-stream");
        store.put(prefix + "deeper/saved_model.pb", new byte[] {1}, "application/octet-stream");
        refused(() -> post("{\"savedModel\":{\"prefix\":\"" + prefix + "\"}}"), 422, "no-saved-model");
        given().get(ModelResource.PATH + "/" + JobIds.newId()).then().statusCode(404)
                .body("code", equalTo("not-found"));
    }
}
