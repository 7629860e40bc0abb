package dev.revive.api.endpoint;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.Json;
import dev.revive.model.TestImages;
import dev.revive.model.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-input corpus ({@code hostile-inputs.json}): each case with the answer it must get, a 4xx
 * problem-details answer with its stable code, and nothing published. Kept as data so that a new case is a
 * line, not a method; the payloads are built from short recipes rather than stored as binary files.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":2," + Topics.EVENTS + ":1"))
class HostileInputCorpusTest {
    private static final Pattern REPEAT = Pattern.compile("repeat:(.):(\\d+)");
    private static final int SMALLEST_CORPUS = 30;

    @TestFactory
    List<DynamicTest> everyHostileInputGetsItsClearAnswerAndPublishesNothing() throws IOException {
        JsonNode corpus;
        try (InputStream in = HostileInputCorpusTest.class.getResourceAsStream("/hostile-inputs.json")) {
            corpus = Json.mapper().readTree(in);
        }
        assertTrue(corpus.size() >= SMALLEST_CORPUS, "the corpus has " + corpus.size() + " cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : corpus) {
            int status = c.at("/expect/0").asInt();
            String code = c.at("/expect/1").asText();
            tests.add(DynamicTest.dynamicTest(c.get("case").asText() + " -> " + status + " " + code,
                    () -> ApiTestSupport.refused(() -> send(c).then(), status, code)));
        }
        return tests;
    }

    private static io.restassured.response.Response send(JsonNode c) {
        RequestSpecification spec = given().urlEncodingEnabled(false);
        c.path("headers").fields().forEachRemaining(h -> spec.header(h.getKey(), expand(h.getValue().asText())));
        if (c.has("get")) {
            return spec.get(c.get("get").asText());
        }
        if (c.has("json")) {
            return spec.contentType("application/json").body(expand(c.get("json").asText()))
                    .post(c.path("post").asText(ApiTestSupport.PATH));
        }
        JsonNode upload = c.get("upload");
        spec.multiPart("image", "photo.png", bytes(upload.get("image").asText()), "application/octet-stream");
        for (String file : List.of("mask", "guide")) {
            if (upload.has(file)) {
                spec.multiPart(file, file + ".png", bytes(upload.get(file).asText()), "application/octet-stream");
            }
        }
        for (String field : List.of("task", "method", "options", "correlationId", "replyTo", "webhook")) {
            if (upload.has(field)) {
                spec.multiPart(field, expand(upload.get(field).asText()));
            }
        }
        return spec.post(ApiTestSupport.PATH);
    }

    /**
     * A payload from its recipe: {@code zeros:N}, {@code random:N}, {@code text:...}, {@code hex:...},
     * {@code png|jpeg|tiff:WxH} (a real image), {@code png-header|tiff-header:WxH} (a header declaring that
     * size and no pixels), {@code truncated:FORMAT:WxH:N} (a real image cut to N bytes).
     */
    static byte[] bytes(String recipe) {
        String[] p = recipe.split(":", 2);
        String arg = p[1];
        return switch (p[0]) {
            case "zeros" -> new byte[Integer.parseInt(arg)];
            case "random" -> random(Integer.parseInt(arg));
            case "text" -> arg.getBytes(StandardCharsets.UTF_8);
            case "hex" -> HexFormat.of().parseHex(arg);
            case "png", "jpeg", "tiff" -> TestImages.encode(p[0], width(arg), height(arg));
            case "png-header" -> TestImages.pngHeaderOnly(width(arg), height(arg));
            case "tiff-header" -> TestImages.tiffHeaderOnly(width(arg), height(arg));
            case "truncated" -> {
                String[] t = arg.split(":");
                yield Arrays.copyOf(TestImages.encode(t[0], width(t[1]), height(t[1])), Integer.parseInt(t[2]));
            }
            default -> throw new IllegalArgumentException("unknown recipe " + recipe);
        };
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static int width(String size) {
        return Integer.parseInt(size.split("x")[0]);
    }

    private static int height(String size) {
        return Integer.parseInt(size.split("x")[1]);
    }

    /** {@code repeat:C:N} inside a text stands for the character C N times. */
    private static String expand(String text) {
        Matcher m = REPEAT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        return m.appendTail(out).toString();
    }
}
