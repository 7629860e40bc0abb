package dev.revive.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobError;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.ModelKeys;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With keys configured, the API answers only to them, and each key sees only its own jobs and models; the page,
 * health and the API description stay open.
 */
@QuarkusTest
@TestProfile(ApiKeyGuardTest.WithKeys.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1,"
                + Topics.IMPORTS + ":1," + Topics.BATCHES + ":1," + Topics.REQUESTS_BULK + ":1"))
class ApiKeyGuardTest {
    static final String KEY = "alice-7f3c9e1d2b";
    static final String BOB = "bob-0a1b2c3d4e";
    static final String CAROL = "carol-9e8d7c6b5a";
    static final String DAVE = "dave-5c4b3a2918";
    static final int ACTIVE_JOBS = 3;
    static final String RESTORATIONS = "/v1/restorations";

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("revive.api.keys.alice", ApiKeys.digestHex(KEY),
                    "revive.api.keys.bob", ApiKeys.digestHex(BOB),
                    "revive.api.keys.carol", ApiKeys.digestHex(CAROL),
                    "revive.api.keys.dave", ApiKeys.digestHex(DAVE),
                    "revive.api.max-active-jobs-per-key", Integer.toString(ACTIVE_JOBS));
        }
    }

    @Test
    void aKnownKeyGetsIn() {
        String id = given().header("Authorization", "Bearer " + KEY)
                .multiPart("image", "photo.png", TestImages.encode("png", 16, 16), "image/png")
                .multiPart("task", "denoise")
                .when().post(RESTORATIONS)
                .then().statusCode(202).extract().path("id");
        given().header(ApiKeyGuard.API_KEY_HEADER, KEY).get(RESTORATIONS + "/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        given().header("Authorization", "bearer " + KEY).get(RESTORATIONS + "/" + id + "/input")
                .then().statusCode(200).contentType("image/png");
    }

    @Test
    void aBatchAndItsJobsBelongToItsKeyAndDoNotCountAgainstItsQuota() throws InterruptedException {
        for (int i = 0; i < ACTIVE_JOBS + 2; i++) {
            store.put("archive/dave/scan-" + i + ".png", TestImages.encode("png", 9 + i, 9), "image/png");
        }
        String id = given().header(ApiKeyGuard.API_KEY_HEADER, DAVE).contentType("application/json")
                .body("{\"source\":{\"prefix\":\"archive/dave/\"},\"task\":\"denoise\"}")
                .post("/v1/batches").then().statusCode(202).body("owner", equalTo("dave")).extract().path("id");
        refused(given().get("/v1/batches/" + id).then());
        long deadline = System.nanoTime() + 60_000_000_000L;
        ValidatableResponse batch;
        do {
            Thread.sleep(200);
            batch = given().header(ApiKeyGuard.API_KEY_HEADER, DAVE).get("/v1/batches/" + id).then()
                    .statusCode(200);
        } while (!"running".equals(batch.extract().path("status")) && System.nanoTime() < deadline);
        batch.body("counts.total", equalTo(ACTIVE_JOBS + 2)).body("counts.remaining", equalTo(ACTIVE_JOBS + 2));
        List<String> jobs = given().header(ApiKeyGuard.API_KEY_HEADER, DAVE).get("/v1/batches/" + id
                + "/manifest").then().statusCode(200).extract().path("jobId");
        for (String other : List.of(KEY, BOB)) {
            given().header(ApiKeyGuard.API_KEY_HEADER, other).get("/v1/batches/" + id).then().statusCode(404);
            given().header(ApiKeyGuard.API_KEY_HEADER, other).get("/v1/batches/" + id + "/manifest").then()
                    .statusCode(404);
            given().header(ApiKeyGuard.API_KEY_HEADER, other).delete("/v1/batches/" + id).then().statusCode(404);
            given().header(ApiKeyGuard.API_KEY_HEADER, other).get(RESTORATIONS + "/" + jobs.get(0)).then()
                    .statusCode(404);
        }
        given().header(ApiKeyGuard.API_KEY_HEADER, DAVE).get(RESTORATIONS + "/" + jobs.get(0)).then()
                .statusCode(200).body("owner", equalTo("dave"));
        given().header(ApiKeyGuard.API_KEY_HEADER, DAVE)
                .multiPart("image", "photo.png", TestImages.encode("png", 16, 16), "image/png")
                .multiPart("task", "denoise").post(RESTORATIONS).then().statusCode(202);
        given().header(ApiKeyGuard.API_KEY_HEADER, DAVE).delete("/v1/batches/" + id).then().statusCode(202)
                .body("status", equalTo("cancelled"));
    }

    @Test
    void noKeyAWrongKeyOrAHostileOneIsRefusedWithAProblem() {
        String id = "00000000-0000-4000-8000-000000000000";
        refused(given().multiPart("image", "photo.png", TestImages.encode("png", 16, 16), "image/png")
                .multiPart("task", "denoise").post(RESTORATIONS).then())
                .body("detail", containsString("Authorization: Bearer"));
        refused(given().get(RESTORATIONS + "/" + id + "/events").then());
        refused(given().get("/v1/models/x").then());
        refused(given().header("Authorization", "Bearer not-" + KEY).get(RESTORATIONS + "/" + id).then())
                .body("detail", equalTo("the API key is not one this Revive knows"));
        refused(given().header("Authorization", "Basic " + KEY).get(RESTORATIONS + "/" + id).then());
        refused(given().header(ApiKeyGuard.API_KEY_HEADER, KEY.toUpperCase()).get(RESTORATIONS + "/" + id).then());
        refused(given().header(ApiKeyGuard.API_KEY_HEADER, "k".repeat(8000)).get(RESTORATIONS + "/" + id).then());
        refused(given().header(ApiKeyGuard.API_KEY_HEADER, "").get(RESTORATIONS + "/" + id).then());
        refused(given().header(ApiKeyGuard.API_KEY_HEADER, ApiKeys.digestHex(KEY)).get(RESTORATIONS + "/" + id)
                .then());
    }

    @Inject
    ObjectStore store;

    @Test
    void aKeySeesOnlyItsOwnJobsAndObjects() {
        byte[] png = TestImages.encode("png", 16, 16);
        String id = as(KEY).header("Idempotency-Key", "batch-1")
                .multiPart("image", "photo.png", png, "image/png").multiPart("task", "denoise")
                .when().post(RESTORATIONS).then().statusCode(202).extract().path("id");
        assertEquals("alice", store.readRecord(id).orElseThrow().owner(), "the job records its key's name");

        for (String path : new String[] {"", "/input", "/result", "/preview", "/events"}) {
            as(BOB).get(RESTORATIONS + "/" + id + path).then().statusCode(404).body("code", equalTo("not-found"));
        }
        as(BOB).delete(RESTORATIONS + "/" + id).then().statusCode(404);
        as(KEY).get(RESTORATIONS + "/" + id).then().statusCode(200);

        String reference = "{\"task\":\"denoise\",\"input\":{\"key\":\"jobs/" + id + "/input\"}}";
        as(BOB).contentType("application/json").body(reference).post(RESTORATIONS)
                .then().statusCode(400).body("code", equalTo("input-not-found"));
        as(KEY).contentType("application/json").body(reference).post(RESTORATIONS).then().statusCode(202);

        for (String prefix : new String[] {"jobs/", "j", "jobs/" + id + "/", "models/"}) {
            as(BOB).contentType("application/json")
                    .body("{\"method\":\"noise2void\",\"collection\":{\"prefix\":\"" + prefix + "\"}}")
                    .post("/v1/models").then().statusCode(422).body("code", equalTo("no-images"));
        }
        store.put("shared/shots/a.png", png, "image/png");
        for (String paired : new String[] {"jobs/", "jobs/" + id + "/", "models/"}) {
            as(BOB).contentType("application/json").body("{\"method\":\"noise2noise\",\"collection\":{\"prefix\":"
                    + "\"shared/shots/\",\"pairedPrefix\":\"" + paired + "\"}}")
                    .post("/v1/models").then().statusCode(422).body("code", equalTo("no-images"));
        }

        String imported = as(KEY).contentType("application/json").body("{\"savedModel\":{\"prefix\":\""
                + savedModel() + "\"}}").post("/v1/models/imports").then().statusCode(202).extract().path("id");
        assertEquals("alice", store.readModel(imported).orElseThrow().owner(), "an import records its key's name");
        as(BOB).get("/v1/models/" + imported).then().statusCode(404);
        String alicesFiles = ModelKeys.of(imported).files();
        store.put(alicesFiles + "saved_model.pb", new byte[] {8, 1}, "application/octet-stream");
        as(BOB).contentType("application/json").body("{\"savedModel\":{\"prefix\":\"" + alicesFiles + "\"}}")
                .post("/v1/models/imports").then().statusCode(422).body("code", equalTo("no-saved-model"));

        String bobs = as(BOB).header("Idempotency-Key", "batch-1")
                .multiPart("image", "photo.png", png, "image/png").multiPart("task", "denoise")
                .when().post(RESTORATIONS).then().statusCode(202).extract().path("id");
        assertNotEquals(id, bobs, "the same idempotency key from another key is another job");
        assertEquals("bob", store.readRecord(bobs).orElseThrow().owner());
        as(KEY).get(RESTORATIONS + "/" + bobs).then().statusCode(404);
    }

    /** A SavedModel directory outside Revive's folders, which any key may import. */
    private String savedModel() {
        String prefix = "exports/" + dev.revive.model.JobIds.newId() + "/";
        store.put(prefix + "saved_model.pb", new byte[] {8, 1}, "application/octet-stream");
        return prefix;
    }

    @Test
    void aKeyAtItsLimitOfUnfinishedJobsIsToldToWaitAndOthersAreNot() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ACTIVE_JOBS; i++) {
            ids.add(submit(CAROL).then().statusCode(202).extract().path("id"));
        }
        submit(CAROL).then().statusCode(429).contentType("application/problem+json").header("Retry-After", "30")
                .body("code", equalTo("quota-exceeded")).body("detail", containsString("carol"));
        submit(BOB).then().statusCode(202);

        JobRecord first = store.readRecord(ids.get(0)).orElseThrow();
        store.writeRecord(first.started(Instant.now(), "stand-in").failed(JobError.of(ErrorCode.ENGINE_FAILURE, "gone"),
                Instant.now()));
        submit(CAROL).then().statusCode(202);
        assertFalse(store.exists(JobKeys.of(ids.get(0)).activeMarker("carol")), "a finished job's marker is swept");
        submit(CAROL).then().statusCode(429);
    }

    private static Response submit(String key) {
        return as(key).multiPart("image", "photo.png", TestImages.encode("png", 16, 16), "image/png")
                .multiPart("task", "denoise").when().post(RESTORATIONS);
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void thePageHealthAndTheApiDescriptionNeedNoKey() {
        String page = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertEquals(true, page.contains("id=\"api-key\""), "the page asks for a key");
        given().get("/js/api.js").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    private static ValidatableResponse refused(ValidatableResponse response) {
        return response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }
}
