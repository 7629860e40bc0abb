package dev.revive.api.endpoint;

import static dev.revive.api.endpoint.ApiTestSupport.PATH;
import static dev.revive.api.endpoint.ApiTestSupport.refused;
import static dev.revive.api.endpoint.ApiTestSupport.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.health.KafkaHealthCheck;
import dev.revive.health.ObjectStoreHealthCheck;
import dev.revive.local.infra.PrometheusText;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The api's health and metrics on a real broker and store. */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1"))
class ApiObservabilityTest {
    private static final String SUBMISSIONS = "revive_api_submissions_total";
    private static final String UPLOADED = "revive_api_uploaded_bytes_total";

    @Test
    void readinessListsTheStoreAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(ObjectStoreHealthCheck.NAME))
                .body("checks.find { it.name == '" + ObjectStoreHealthCheck.NAME + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + KafkaHealthCheck.NAME + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + KafkaHealthCheck.NAME + "' }.data.brokers", equalTo(1))
                .body("checks.find { it.name.toLowerCase().contains('messaging') }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void acceptedAndRefusedSubmissionsAreCountedWithTheirProblem() {
        Map<String, String> accepted = Map.of("task", "denoise", "method", "dip", "outcome", "accepted",
                "problem", "none");
        Map<String, String> badOptions = Map.of("task", "inpaint", "method", "dip", "outcome", "refused",
                "problem", "bad-options");
        Map<String, String> unknownTask = Map.of("task", "unknown", "method", "dip", "outcome", "refused",
                "problem", "unknown-task");
        String before = metrics();
        byte[] png = TestImages.encode("png", 20, 12);

        upload(png, "denoise").when().post(PATH).then().statusCode(202);
        refused(() -> upload(png, "inpaint").multiPart("options", "[1]").when().post(PATH).then(), 400,
                "bad-options");
        refused(() -> upload(png, "repaint").when().post(PATH).then(), 400, "unknown-task");

        String after = metrics();
        assertEquals(1, delta(before, after, SUBMISSIONS, accepted));
        assertEquals(1, delta(before, after, SUBMISSIONS, badOptions));
        assertEquals(1, delta(before, after, SUBMISSIONS, unknownTask));
        assertEquals(2, delta(before, after, SUBMISSIONS, Map.of("outcome", "refused")));
        assertEquals(png.length, delta(before, after, UPLOADED, Map.of()),
                "only the accepted image was read: the others were refused before their parts were");
    }

    @Test
    void aReferenceToAMissingObjectIsCountedAsRefused() {
        Map<String, String> notFound = Map.of("task", "super-resolve", "method", "dip", "outcome", "refused",
                "problem", "input-not-found");
        String before = metrics();
        refused(() -> given().contentType("application/json")
                .body("{\"task\":\"super-resolve\",\"input\":{\"key\":\"nowhere/photo.png\"}}")
                .when().post(PATH).then(), 400, "input-not-found");
        assertEquals(1, delta(before, metrics(), SUBMISSIONS, notFound));
    }

    @Test
    void anUploadRefusedFromItsLengthAloneIsCounted() throws IOException {
        Map<String, String> tooLarge = Map.of("task", "unknown", "method", "dip", "outcome", "refused",
                "problem", "too-large");
        String before = metrics();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 999999999999\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = RestorationResourceTest.readResponse(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
        assertEquals(1, delta(before, metrics(), SUBMISSIONS, tooLarge));
    }

    private static double delta(String before, String after, String sample, Map<String, String> labels) {
        return PrometheusText.sum(after, sample, labels) - PrometheusText.sum(before, sample, labels);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
