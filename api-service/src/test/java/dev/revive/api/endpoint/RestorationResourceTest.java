package dev.revive.api.endpoint;

import static dev.revive.api.endpoint.ApiTestSupport.PATH;
import static dev.revive.api.endpoint.ApiTestSupport.published;
import static dev.revive.api.endpoint.ApiTestSupport.publishedCount;
import static dev.revive.api.endpoint.ApiTestSupport.publishedRequest;
import static dev.revive.api.endpoint.ApiTestSupport.refused;
import static dev.revive.api.endpoint.ApiTestSupport.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ImageFormat;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Method;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationRequest;
import dev.revive.model.ResultInfo;
import dev.revive.model.StopReason;
import dev.revive.model.Task;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1"))
class RestorationResourceTest {
    @Inject
    ObjectStore store;

    @Test
    void anUploadIsStoredPublishedAndQueued() {
        byte[] png = TestImages.encode("png", 40, 24);
        var response = upload(png, "denoise").multiPart("options", "{\"iterations\": 120, \"seed\": 7}")
                .when().post(PATH)
                .then().statusCode(202)
                .body("status", equalTo("queued"))
                .body("task", equalTo("denoise"))
                .body("method", equalTo("dip"))
                .body("options.iterations", equalTo(120))
                .body("options.seed", equalTo(7))
                .body("options.learningRate", equalTo(0.01f))
                .body("links.result", nullValue())
                .extract();
        String id = response.path("id");
        assertTrue(response.header("Location").endsWith(PATH + "/" + id), response.header("Location"));

        RestorationRequest request = publishedRequest(id);
        assertEquals(Task.DENOISE, request.task());
        assertEquals(new ObjectRef(store.bucket(), JobKeys.of(id).input()), request.input());
        assertEquals(120, request.options().iterations());
        assertArrayEquals(png, store.read(request.input(), Long.MAX_VALUE).orElseThrow());
        assertEquals(JobStatus.QUEUED, store.readRecord(id).orElseThrow().status());

        given().get(PATH + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("status", equalTo("queued"))
                .body("links.self", equalTo(PATH + "/" + id))
                .body("links.input", equalTo(PATH + "/" + id + "/input"));
        byte[] input = given().get(PATH + "/" + id + "/input").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertArrayEquals(png, input, "the photo as submitted, for a before-and-after view");
        refused(() -> given().get(PATH + "/" + id + "/result").then(), 409, "not-ready");
    }

    @Test
    void aDenoiserTrainedOnThePhotoCanBeAskedFor() {
        byte[] png = TestImages.encode("png", 16, 16);
        String id = upload(png, "denoise").multiPart("method", "neighbor2neighbor")
                .when().post(PATH)
                .then().statusCode(202)
                .body("method", equalTo("neighbor2neighbor"))
                .body("options.averaging", nullValue())
                .body("options.stop", equalTo("fixed"))
                .extract().path("id");
        assertEquals(Method.NEIGHBOR2NEIGHBOR, publishedRequest(id).method());

        store.put("archive/scan-002.png", png, "image/png");
        String referenced = given().contentType("application/json")
                .body("{\"task\":\"denoise\",\"method\":\"self2self\",\"input\":{\"key\":\"archive/scan-002.png\"}}")
                .when().post(PATH)
                .then().statusCode(202).body("method", equalTo("self2self")).extract().path("id");
        assertEquals(Method.SELF2SELF, publishedRequest(referenced).method());
    }

    @Test
    void aWebhookGoesOnTheRequestFromAnUploadOrAReference() {
        byte[] png = TestImages.encode("png", 16, 16);
        String id = upload(png, "denoise").multiPart("webhook", "https://hooks.example.com/revive?k=1")
                .when().post(PATH).then().statusCode(202).extract().path("id");
        assertEquals("https://hooks.example.com/revive?k=1", publishedRequest(id).webhook());

        store.put("archive/scan-hooked.png", png, "image/png");
        String referenced = given().contentType("application/json")
                .body("{\"task\":\"denoise\",\"input\":{\"key\":\"archive/scan-hooked.png\"},"
                        + "\"webhook\":\"https://hooks.example.com/b\"}")
                .when().post(PATH).then().statusCode(202).extract().path("id");
        assertEquals("https://hooks.example.com/b", publishedRequest(referenced).webhook());
        assertEquals(null, publishedRequest(upload(png, "denoise").when().post(PATH).then().statusCode(202)
                .extract().path("id")).webhook());
        refused(() -> upload(png, "denoise").multiPart("webhook", "https://u@hooks.example.com/").post(PATH).then(),
                400, "invalid-request").body("violations.field", hasItem("webhook"));
    }

    @Test
    void badMethodsAreRefusedWithTheirField() {
        byte[] png = TestImages.encode("png", 8, 8);
        refused(() -> upload(png, "denoise").multiPart("method", "noise3void").post(PATH).then(), 400,
                "unknown-method").body("detail", containsString("dip, noise2void, neighbor2neighbor, self2self"));
        refused(() -> upload(png, "super-resolve").multiPart("method", "noise2void").post(PATH).then(), 400,
                "invalid-request").body("violations.field", hasItem("method"));
        refused(() -> upload(png, "denoise").multiPart("method", "noise2void")
                .multiPart("options", "{\"averaging\": 0.99, \"stop\": \"auto\"}").post(PATH).then(), 400,
                "invalid-request")
                .body("violations.field", hasItem("options.averaging"))
                .body("violations.field", hasItem("options.stop"));
    }

    @Test
    void jpegAndTiffAreAcceptedToo() {
        for (String format : new String[] {"jpeg", "tiff"}) {
            given().multiPart("image", "photo." + format, TestImages.encode(format, 16, 16), "application/octet-stream")
                    .multiPart("task", "denoise")
                    .when().post(PATH).then().statusCode(202).body("status", equalTo("queued"));
        }
    }

    @Test
    void aCorrelationIdAndReplyTopicTravelWithTheRequestAndStayOnTheJob() {
        byte[] png = TestImages.encode("png", 12, 12);
        store.put("archive/scan-003.png", png, "image/png");
        String referenced = given().contentType("application/json")
                .body("{\"task\":\"denoise\",\"input\":{\"key\":\"archive/scan-003.png\"},"
                        + "\"correlationId\":\"order 17/scan 3\",\"replyTo\":\"replies.orders\"}")
                .when().post(PATH)
                .then().statusCode(202)
                .body("correlationId", equalTo("order 17/scan 3"))
                .body("replyTo", equalTo("replies.orders"))
                .extract().path("id");
        RestorationRequest request = publishedRequest(referenced);
        assertEquals("order 17/scan 3", request.correlationId());
        assertEquals("replies.orders", request.replyTo());
        assertEquals("replies.orders", store.readRecord(referenced).orElseThrow().replyTo());

        String uploaded = upload(png, "denoise").multiPart("correlationId", "u-1").multiPart("replyTo", "replies.u")
                .when().post(PATH)
                .then().statusCode(202).body("correlationId", equalTo("u-1")).extract().path("id");
        assertEquals("replies.u", publishedRequest(uploaded).replyTo());
        given().get(PATH + "/" + uploaded).then().statusCode(200).body("replyTo", equalTo("replies.u"));

        String plain = upload(png, "denoise").multiPart("correlationId", "").when().post(PATH)
                .then().statusCode(202).body("correlationId", nullValue()).extract().path("id");
        assertEquals(null, publishedRequest(plain).correlationId(), "an empty form field is no correlation id");
        refused(() -> upload(png, "denoise").multiPart("replyTo", Topics.REQUESTS).post(PATH).then(), 400,
                "invalid-request").body("violations.field", hasItem("replyTo"));
    }

    @Test
    void anObjectAlreadyInTheStoreCanBeReferenced() {
        byte[] png = TestImages.encode("png", 20, 20);
        store.put("archive/scan-001.png", png, "image/png");
        String id = given().contentType("application/json")
                .body("{\"task\":\"denoise\",\"input\":{\"key\":\"archive/scan-001.png\"},\"options\":{\"iterations\":5}}")
                .when().post(PATH)
                .then().statusCode(202).body("options.iterations", equalTo(5)).extract().path("id");
        RestorationRequest request = publishedRequest(id);
        assertEquals(JobKeys.of(id).input(), request.input().key(), "the input is copied under the job");
        assertArrayEquals(png, store.read(request.input(), Long.MAX_VALUE).orElseThrow());
    }

    @Test
    void aSucceededJobServesItsResult() {
        String id = upload(TestImages.encode("png", 12, 10), "denoise").when().post(PATH)
                .then().statusCode(202).extract().path("id");
        byte[] result = TestImages.encode("png", 12, 10);
        ObjectRef ref = store.put(JobKeys.of(id).result(ImageFormat.PNG), result, "image/png");
        JobRecord done = store.readRecord(id).orElseThrow().started(Instant.now(), "stand-in").succeeded(
                new ResultInfo(ref, "image/png", result.length, "0".repeat(64), 12, 10, 40, StopReason.AUTO),
                Instant.now());
        store.writeRecord(done);

        given().get(PATH + "/" + id).then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("links.result", equalTo(PATH + "/" + id + "/result"))
                .body("result.width", equalTo(12));
        byte[] served = given().get(PATH + "/" + id + "/result").then().statusCode(200)
                .contentType("image/png").header("Content-Disposition", containsString(id + ".png"))
                .extract().asByteArray();
        assertArrayEquals(result, served);
    }

    @Test
    void unreadableOrUnsupportedImagesAreRefused() {
        refused(() -> upload("definitely not an image".getBytes(), "denoise").post(PATH).then(), 400,
                "unsupported-image");
        refused(() -> upload("GIF89a\u0001\u0000".getBytes(), "denoise").post(PATH).then(), 400, "unsupported-image");
        byte[] png = TestImages.encode("png", 30, 30);
        refused(() -> upload(java.util.Arrays.copyOf(png, 20), "denoise").post(PATH).then(), 400,
                "unsupported-image");
        refused(() -> given().multiPart("task", "denoise").post(PATH).then(), 400, "missing-image");
    }

    @Test
    void tooLargeImagesAreRefusedBeforeDecoding() {
        refused(() -> upload(TestImages.pngHeaderOnly(100_000, 100_000), "denoise").post(PATH).then(), 413,
                "too-large").body("detail", containsString("10000000000 pixels"));
        byte[] big = new byte[300 * 1024];
        new Random(1).nextBytes(big);
        refused(() -> upload(big, "denoise").post(PATH).then(), 413, "too-large");
    }

    @Test
    void badTasksAndOptionsAreRefusedWithTheirField() {
        byte[] png = TestImages.encode("png", 8, 8);
        refused(() -> upload(png, null).post(PATH).then(), 400, "missing-task");
        refused(() -> upload(png, "paint").post(PATH).then(), 400, "unknown-task")
                .body("detail", containsString("accepted: denoise, super-resolve, inpaint, dejpeg, flash-guided"));
        refused(() -> upload(png, "denoise").multiPart("options", "{not json").post(PATH).then(), 400, "bad-options");
        refused(() -> upload(png, "denoise").multiPart("options", "{\"iteration\": 5}").post(PATH).then(), 400,
                "bad-options").body("detail", containsString("iteration"));
        refused(() -> upload(png, "denoise").multiPart("options", "{\"iterations\": \"many\"}").post(PATH).then(),
                400, "bad-options");
        refused(() -> upload(png, "denoise").multiPart("options", "{\"iterations\": 0, \"averaging\": 1.5}")
                .post(PATH).then(), 400, "invalid-request")
                .body("violations.field", hasItem("options.iterations"))
                .body("violations.field", hasItem("options.averaging"));
    }

    @Test
    void hostileOrMissingReferencesAreRefused() {
        store.put("elsewhere.png", TestImages.encode("png", 8, 8), "image/png");
        String[][] cases = {
            {"{\"task\":\"denoise\",\"input\":{\"key\":\"missing/nothing.png\"}}", "input-not-found"},
            {"{\"task\":\"denoise\",\"input\":{\"key\":\"../jobs/x/job.json\"}}", "invalid-request"},
            {"{\"task\":\"denoise\",\"input\":{\"bucket\":\"someone-else\",\"key\":\"elsewhere.png\"}}",
                "bucket-not-allowed"},
            {"{\"task\":\"denoise\"}", "invalid-request"},
            {"{\"task\":\"denoise\",\"input\":{\"key\":\"elsewhere.png\"},\"extra\":1}", "malformed-json"},
            {"{\"task\":\"denoise\",", "malformed-json"},
            {"[1,2,3]", "malformed-json"},
        };
        for (String[] c : cases) {
            try {
                refused(() -> given().contentType("application/json").body(c[0]).post(PATH).then(), 400, c[1]);
            } catch (AssertionError e) {
                throw new AssertionError("body " + c[0] + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void unknownJobsAreNotFound() {
        refused(() -> given().get(PATH + "/0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f").then(), 404, "not-found");
        refused(() -> given().get(PATH + "/..%2F..%2Fetc").then(), 404, "not-found");
        refused(() -> given().get(PATH + "/not-a-job/result").then(), 404, "not-found");
    }

    @Test
    void declaredOversizedBodiesAreRefusedBeforeReading() throws IOException {
        long before = publishedCount();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 999999999999\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readResponse(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains(Problem.MEDIA_TYPE) && answer.contains("\"code\":\"too-large\""), answer);
        }
        assertEquals(before, publishedCount());
    }

    /** Reads until the problem body is complete; the server answers before the declared body ever arrives. */
    static String readResponse(Socket socket) throws IOException {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        int n;
        while (!answer.toString().endsWith("}") && (n = socket.getInputStream().read(buffer)) > 0) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return answer.toString();
    }
}
