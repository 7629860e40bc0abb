package dev.revive.api.endpoint;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.Json;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How fast a batch of many objects is expanded into queued jobs, and a re-run into skipped ones: run on demand with
 * {@code -Drevive.bench.batch-items=1000}; off in a normal build. Prints the times; checks the counts.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "revive.bench.batch-items", matches = "\\d+")
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS_BULK + ":4," + Topics.BATCHES + ":1,"
                + Topics.BATCHES_DEAD_LETTER + ":1"))
class BatchExpansionBenchTest {
    @Inject
    ObjectStore store;

    @Test
    void expandAndRerun() {
        int items = Integer.getInteger("revive.bench.batch-items");
        byte[] photo = TestImages.encode("png", 8, 8);
        for (int i = 0; i < items; i++) {
            store.put(String.format("bench/scan-%05d.png", i), photo, "image/png");
        }
        String body = "{\"source\":{\"prefix\":\"bench/\"},\"task\":\"denoise\"}";
        for (String run : new String[] {"first run (all queued)", "re-run (none finished, all queued again)"}) {
            long start = System.nanoTime();
            String id = given().contentType(ContentType.JSON).body(body).post(BatchResource.PATH).then()
                    .statusCode(202).extract().path("id");
            double accepted = (System.nanoTime() - start) / 1e9;
            JsonNode batch;
            do {
                BatchResourceTest.sleep(100);
                batch = Json.read(given().get(BatchResource.PATH + "/" + id).then().statusCode(200).extract()
                        .asString(), JsonNode.class);
            } while ("expanding".equals(batch.path("status").asText()));
            double expanded = (System.nanoTime() - start) / 1e9;
            long statusStart = System.nanoTime();
            given().get(BatchResource.PATH + "/" + id).then().statusCode(200);
            double status = (System.nanoTime() - statusStart) / 1e9;
            assertEquals(items, batch.path("counts").path("total").asInt());
            System.out.printf("batch bench, %s: %d items, 202 after %.3f s, expanded after %.1f s (%.0f items/s),"
                    + " one status read %.2f s%n", run, items, accepted, expanded, items / expanded, status);
        }
    }
}
