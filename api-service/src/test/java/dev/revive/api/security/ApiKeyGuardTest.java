package dev.revive.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With keys configured, the API answers only to them; the page, health and the API description stay open. */
@QuarkusTest
@TestProfile(ApiKeyGuardTest.WithKeys.class)
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":1," + Topics.EVENTS + ":1"))
class ApiKeyGuardTest {
    static final String KEY = "alice-7f3c9e1d2b";
    static final String RESTORATIONS = "/v1/restorations";

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("revive.api.keys.alice", ApiKeys.digestHex(KEY),
                    "revive.api.keys.bob", ApiKeys.digestHex("bob-0a1b2c3d4e"));
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
