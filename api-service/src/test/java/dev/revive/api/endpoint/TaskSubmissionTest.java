package dev.revive.api.endpoint;

import static dev.revive.api.endpoint.ApiTestSupport.PATH;
import static dev.revive.api.endpoint.ApiTestSupport.publishedRequest;
import static dev.revive.api.endpoint.ApiTestSupport.refused;
import static dev.revive.api.endpoint.ApiTestSupport.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.ImageFormat;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.Progress;
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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every task of the paper through the HTTP API: the images each needs, their checks, and watching a job run. */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1"))
class TaskSubmissionTest {

    @Inject
    ObjectStore store;

    final byte[] photo = TestImages.encode("png", 24, 16);

    @Test
    void anInpaintingUploadStoresTheMaskUnderTheJob() {
        byte[] mask = TestImages.encode("png", 24, 16);
        String id = upload(photo, "inpaint").multiPart("mask", "mask.png", mask, "image/png")
                .post(PATH).then().statusCode(202).body("task", equalTo("inpaint")).extract().path("id");
        RestorationRequest request = publishedRequest(id);
        assertEquals(Task.INPAINT, request.task());
        assertEquals(new ObjectRef(store.bucket(), JobKeys.of(id).mask()), request.mask());
        assertNull(request.guide());
        assertArrayEquals(mask, store.read(request.mask(), Long.MAX_VALUE).orElseThrow());
        assertEquals(request.mask(), store.readRecord(id).orElseThrow().mask());
    }

    @Test
    void aFlashGuidedUploadStoresTheGuide() {
        byte[] flash = TestImages.encode("jpeg", 24, 16);
        String id = upload(photo, "flash-guided").multiPart("guide", "flash.jpg", flash, "image/jpeg")
                .post(PATH).then().statusCode(202).extract().path("id");
        RestorationRequest request = publishedRequest(id);
        assertArrayEquals(flash, store.read(request.guide(), Long.MAX_VALUE).orElseThrow());
        assertEquals(0.1, request.options().learningRate(), "the flash/no-flash reference configuration");
    }

    @Test
    void superResolutionDefaultsToFourTimesAndChecksTheResultSize() {
        String id = upload(photo, "super-resolve").post(PATH).then().statusCode(202)
                .body("options.scale", equalTo(4)).extract().path("id");
        assertEquals(4, publishedRequest(id).options().scale());
        upload(photo, "super-resolve").multiPart("options", "{\"scale\": 8}").post(PATH).then().statusCode(202)
                .body("options.scale", equalTo(8));
        refused(() -> upload(photo, "super-resolve").multiPart("options", "{\"scale\": 3}").post(PATH).then(), 400,
                "invalid-request").body("violations.field", hasItem("options.scale"));
        byte[] fitsAlone = TestImages.pngHeaderOnly(2100, 2100);
        upload(fitsAlone, "denoise").post(PATH).then().statusCode(202);
        refused(() -> upload(fitsAlone, "super-resolve").multiPart("options", "{\"scale\": 2}").post(PATH).then(),
                413, "too-large").body("detail", containsString("x2 result would have 17640000 pixels"));
    }

    @Test
    void eachTaskGetsTheImagesItNeedsAndNoOthers() {
        refused(() -> upload(photo, "inpaint").post(PATH).then(), 400, "invalid-request")
                .body("violations.field", hasItem("mask"))
                .body("violations.message", hasItem("is required for the task 'inpaint'"));
        refused(() -> upload(photo, "flash-guided").post(PATH).then(), 400, "invalid-request")
                .body("violations.field", hasItem("guide"));
        refused(() -> upload(photo, "denoise").multiPart("mask", "m.png", photo, "image/png").post(PATH).then(), 400,
                "invalid-request").body("violations.field", hasItem("mask"));
        refused(() -> upload(photo, "denoise").multiPart("options", "{\"scale\": 2}").post(PATH).then(), 400,
                "invalid-request").body("violations.field", hasItem("options.scale"));
    }

    @Test
    void companionImagesMustBeImagesOfThePhotosSize() {
        refused(() -> upload(photo, "inpaint").multiPart("mask", "m.png", TestImages.encode("png", 16, 24),
                "image/png").post(PATH).then(), 422, "mask-size-mismatch")
                .body("detail", equalTo("the mask is 16x24 but the image is 24x16; they must be the same size"));
        refused(() -> upload(photo, "flash-guided").multiPart("guide", "g.png", TestImages.encode("png", 12, 8),
                "image/png").post(PATH).then(), 422, "guide-size-mismatch");
        refused(() -> upload(photo, "inpaint").multiPart("mask", "m.png", "not a mask".getBytes(), "image/png")
                .post(PATH).then(), 400, "unsupported-image").body("detail", containsString("the mask"));
        refused(() -> upload(photo, "inpaint").multiPart("mask", "m.png", TestImages.pngHeaderOnly(24, 16),
                "image/png").multiPart("options", "{\"channels\": 0}").post(PATH).then(), 400, "invalid-request")
                .body("violations.field", hasItem("options.channels"));
    }

    @Test
    void referencedMasksAreCopiedUnderTheJob() {
        byte[] mask = TestImages.encode("png", 24, 16);
        store.put("archive/print-7.png", photo, "image/png");
        store.put("archive/print-7-mask.png", mask, "image/png");
        String id = given().contentType("application/json").body("{\"task\":\"inpaint\","
                + "\"input\":{\"key\":\"archive/print-7.png\"},\"mask\":{\"key\":\"archive/print-7-mask.png\"}}")
                .post(PATH).then().statusCode(202).extract().path("id");
        RestorationRequest request = publishedRequest(id);
        assertEquals(JobKeys.of(id).mask(), request.mask().key());
        assertArrayEquals(mask, store.read(request.mask(), Long.MAX_VALUE).orElseThrow());
        refused(() -> given().contentType("application/json").body("{\"task\":\"inpaint\","
                + "\"input\":{\"key\":\"archive/print-7.png\"},\"mask\":{\"key\":\"../secret\"}}")
                .post(PATH).then(), 400, "invalid-request").body("violations.field", hasItem("mask.key"));
        refused(() -> given().contentType("application/json").body("{\"task\":\"inpaint\","
                + "\"input\":{\"key\":\"archive/print-7.png\"},\"mask\":{\"key\":\"archive/none.png\"}}")
                .post(PATH).then(), 400, "input-not-found");
    }

    @Test
    void theEventStreamFollowsTheJobToItsEnd() throws Exception {
        String id = upload(photo, "denoise").post(PATH).then().statusCode(202).extract().path("id");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest watch = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + PATH + "/"
                + id + "/events")).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build();
        CountDownLatch connected = new CountDownLatch(1);
        CompletableFuture<List<JsonNode>> events =
                CompletableFuture.supplyAsync(() -> readEvents(client, watch, connected));
        assertTrue(connected.await(20, TimeUnit.SECONDS), "the stream sends the current state at once");
        ObjectRef preview = store.put(JobKeys.of(id).preview(), photo, "image/png");
        JobRecord running = store.readRecord(id).orElseThrow().started(Instant.now(), "stand-in");
        store.writeRecord(running);
        Thread.sleep(400);
        store.writeRecord(running.progressed(new Progress(100, 3000, 0.01, 60.0, preview), Instant.now()));
        Thread.sleep(400);
        ObjectRef result = store.put(JobKeys.of(id).result(ImageFormat.PNG), photo, "image/png");
        store.writeRecord(store.readRecord(id).orElseThrow().succeeded(
                new ResultInfo(result, "image/png", photo.length, "0".repeat(64), 24, 16, 640, StopReason.AUTO),
                Instant.now()));

        List<JsonNode> seen = events.get();
        List<String> states = seen.stream().map(e -> e.path("status").asText() + "@"
                + e.path("progress").path("iteration").asInt()).toList();
        assertEquals("queued@0", states.get(0), states.toString());
        assertTrue(states.contains("running@100"), states.toString());
        assertEquals("succeeded@640", states.get(states.size() - 1), "the stream ends with the final state");
        assertEquals(states.size(), states.stream().distinct().count(), "only changes are sent: " + states);
        JsonNode progressed = seen.stream().filter(e -> e.path("progress").path("iteration").asInt() == 100)
                .findFirst().orElseThrow();
        assertEquals(60.0, progressed.path("progress").path("etaSeconds").asDouble());
        assertEquals(JobKeys.of(id).preview(), progressed.path("progress").path("preview").path("key").asText());
    }

    @Test
    void thePreviewIsServedOnceTheWorkerStoredOne() {
        String id = upload(photo, "denoise").post(PATH).then().statusCode(202).extract().path("id");
        refused(() -> given().get(PATH + "/" + id + "/preview").then(), 404, "not-found")
                .body("detail", containsString("no preview yet"));
        store.put(JobKeys.of(id).preview(), photo, "image/png");
        byte[] served = given().get(PATH + "/" + id + "/preview").then().statusCode(200).contentType("image/png")
                .header("Cache-Control", "no-store").extract().asByteArray();
        assertArrayEquals(photo, served);
        refused(() -> given().get(PATH + "/not-a-job/events").then(), 404, "not-found");
    }

    /** Reads the data lines of a server-sent event stream until the server ends it. */
    private static List<JsonNode> readEvents(HttpClient client, HttpRequest request, CountDownLatch first) {
        List<JsonNode> events = new ArrayList<>();
        try {
            HttpResponse<java.io.InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(Json.mapper().readTree(line.substring("data:".length()).trim()));
                        first.countDown();
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError("reading the event stream failed after " + events.size() + " events", e);
        }
        return events;
    }
}
