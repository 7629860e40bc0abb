package dev.revive.api.endpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revive.local.infra.TopicReader;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.Json;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Topics;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the api test classes share: the request topic as a reader sees it, uploads, and checked refusals. */
final class ApiTestSupport {
    static final String PATH = RestorationResource.PATH;
    private static TopicReader topics;

    private ApiTestSupport() {
    }

    /** One reader for the whole test run (the broker outlives every class); closed when the JVM exits. */
    private static synchronized TopicReader topics() {
        if (topics == null) {
            topics = new TopicReader(LocalInfraTestResource.kafka().bootstrapServers());
            TopicReader reader = topics;
            Runtime.getRuntime().addShutdownHook(new Thread(reader::close));
        }
        return topics;
    }

    static List<ConsumerRecord<String, String>> published() {
        return topics().readAll(Topics.REQUESTS);
    }

    static long publishedCount() {
        return topics().count(Topics.REQUESTS);
    }

    /** The request published for a job, which must exist. */
    static RestorationRequest publishedRequest(String id) {
        return Json.read(published().stream().filter(r -> id.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no request for " + id + " on the topic")).value(),
                RestorationRequest.class);
    }

    static RequestSpecification upload(byte[] image, String task) {
        RequestSpecification spec = given().multiPart("image", "photo.png", image, "image/png");
        return task == null ? spec : spec.multiPart("task", task);
    }

    /** Runs a request that must be refused and checks that it left nothing on the topic. */
    static ValidatableResponse refused(Supplier<ValidatableResponse> call, int status, String code) {
        long before = publishedCount();
        ValidatableResponse response = call.get()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("type", equalTo("urn:revive:problem:" + code));
        assertEquals(before, publishedCount(), "a refused request must publish nothing");
        return response;
    }
}
