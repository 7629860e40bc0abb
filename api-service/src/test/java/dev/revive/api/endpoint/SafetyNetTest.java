package dev.revive.api.endpoint;

import static dev.revive.api.endpoint.ApiTestSupport.PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.health.KafkaHealthCheck;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ErrorCode;
import dev.revive.model.JobError;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cancellation, idempotent retries, and what a client sees while the broker or the store is away. */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1"))
class SafetyNetTest {
    @Inject
    ObjectStore store;

    static long published() {
        return ApiTestSupport.publishedCount();
    }

    static RequestSpecification upload(byte[] image) {
        return ApiTestSupport.upload(image, "denoise");
    }

    static String submit() {
        return upload(TestImages.encode("png", 16, 16)).post(PATH).then().statusCode(202).extract().path("id");
    }

    @Test
    void cancellingAnUnfinishedJobLeavesAMarkerForTheWorkerAndCanBeRepeated() {
        String id = submit();
        given().delete(PATH + "/" + id).then().statusCode(202)
                .body("status", equalTo("queued")).body("cancelRequested", equalTo(true));
        assertTrue(store.exists(JobKeys.of(id).cancellation()));
        given().delete(PATH + "/" + id).then().statusCode(202);
        given().get(PATH + "/" + id).then().statusCode(200).body("cancelRequested", equalTo(true));
    }

    @Test
    void finishedJobsCannotBeCancelled() {
        String id = submit();
        JobRecord running = store.readRecord(id).orElseThrow().started(Instant.now(), "stand-in");
        store.writeRecord(running.failed(JobError.of(ErrorCode.ENGINE_FAILURE, "boom"), Instant.now()));
        given().delete(PATH + "/" + id).then().statusCode(409).body("code", equalTo("already-finished"));

        String other = submit();
        store.writeRecord(store.readRecord(other).orElseThrow()
                .failed(JobError.of(ErrorCode.CANCELLED, "by request"), Instant.now()));
        given().delete(PATH + "/" + other).then().statusCode(200).body("status", equalTo("cancelled"));
        given().delete(PATH + "/0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f").then().statusCode(404);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameJob() {
        byte[] image = TestImages.encode("png", 20, 12);
        long before = published();
        String first = upload(image).header("Idempotency-Key", "scan-0001-attempt").post(PATH)
                .then().statusCode(202).extract().path("id");
        String second = upload(image).header("Idempotency-Key", "scan-0001-attempt").post(PATH)
                .then().statusCode(202).extract().path("id");
        assertEquals(first, second);
        assertEquals(before + 1, published(), "one request on the topic");

        upload(TestImages.encode("png", 21, 12)).header("Idempotency-Key", "scan-0001-attempt").post(PATH)
                .then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        upload(image).header("Idempotency-Key", "x".repeat(256)).post(PATH)
                .then().statusCode(400).body("code", equalTo("bad-idempotency-key"));
        upload(image).header("Idempotency-Key", "scan-0002").post(PATH).then().statusCode(202);
        assertEquals(before + 2, published());

        store.put("archive/idem.png", image, "image/png");
        String body = "{\"task\":\"denoise\",\"input\":{\"key\":\"archive/idem.png\"}}";
        String a = given().contentType("application/json").header("Idempotency-Key", "ref-1").body(body).post(PATH)
                .then().statusCode(202).extract().path("id");
        String b = given().contentType("application/json").header("Idempotency-Key", "ref-1").body(body).post(PATH)
                .then().statusCode(202).extract().path("id");
        assertEquals(a, b);
    }

    @Test
    void withoutABrokerNothingIsAcceptedAndNothingIsLeftBehind() {
        int jobObjects = store.keys("jobs/").size();
        LocalInfraTestResource.kafka().kill();
        try {
            upload(TestImages.encode("png", 16, 16)).post(PATH).then().statusCode(503)
                    .header("Retry-After", equalTo(ProblemMappers.RETRY_AFTER_SECONDS))
                    .body("code", equalTo("queue-unavailable"));
            assertEquals(jobObjects, store.keys("jobs/").size(), "the refused job's input and record are gone");
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == '" + KafkaHealthCheck.NAME + "' }.status", equalTo("DOWN"));
        } finally {
            LocalInfraTestResource.kafka().restart();
        }
        submit();
        for (int i = 0; i < 20 && given().get("/q/health/ready").statusCode() != 200; i++) {
            sleep(500);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == '" + KafkaHealthCheck.NAME + "' }.status", equalTo("UP"));
    }

    @Test
    void withoutAStoreNothingIsPublished() {
        long before = published();
        LocalInfraTestResource.s3().stop();
        try {
            upload(TestImages.encode("png", 16, 16)).post(PATH).then().statusCode(503)
                    .header("Retry-After", equalTo(ProblemMappers.RETRY_AFTER_SECONDS))
                    .body("code", equalTo("storage-unavailable"));
            given().get(PATH + "/0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f").then().statusCode(503);
        } finally {
            LocalInfraTestResource.s3().restart();
        }
        assertEquals(before, published());
        submit();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
