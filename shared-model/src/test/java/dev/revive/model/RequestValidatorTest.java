package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    static final String ID = "0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f";

    static RestorationRequest request(ObjectRef input, RestorationOptions options) {
        return RestorationRequest.of(ID, Task.DENOISE, input, options, Instant.parse("2026-11-22T10:00:00Z"));
    }

    static List<String> fields(RestorationRequest request) {
        return RequestValidator.validate(request).stream().map(Violation::field).toList();
    }

    @Test
    void aCompleteRequestIsValid() {
        assertEquals(List.of(), fields(request(new ObjectRef("revive", "jobs/x/input"),
                RestorationOptions.defaultsFor(Task.DENOISE))));
        assertEquals(List.of(), fields(request(new ObjectRef(null, "photos/a.png"), null)));
    }

    @Test
    void reportsEveryOutOfRangeOption() {
        RestorationOptions bad = new RestorationOptions(0, -1L, 0.0, 1.5, 1.0, 0);
        assertEquals(List.of("options.iterations", "options.progressEvery", "options.seed", "options.learningRate",
                "options.inputNoise", "options.averaging"), fields(request(new ObjectRef(null, "a.png"), bad)));
        RestorationOptions tooMany = new RestorationOptions(Limits.MAX_ITERATIONS + 1, null, Double.NaN, null,
                null, null);
        assertEquals(List.of("options.iterations", "options.learningRate"),
                fields(request(new ObjectRef(null, "a.png"), tooMany)));
    }

    @Test
    void refusesHostileOrMissingInputs() {
        assertEquals(List.of("input"), fields(request(null, null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, " "), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "../other/x.png"), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "/abs.png"), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "a\u0000.png"), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "k".repeat(1025)), null)));
        assertEquals(List.of("input.bucket"), fields(request(new ObjectRef("Bad_Bucket", "a.png"), null)));
    }

    @Test
    void checksEnvelopeFields() {
        RestorationRequest wrong = new RestorationRequest(2, "nope", null, null, new ObjectRef(null, "a.png"), null,
                null);
        assertEquals(List.of("schemaVersion", "jobId", "task"), fields(wrong));
    }

    @Test
    void resolvingFillsTheTaskDefaultsAndADeterministicSeed() {
        RestorationRequest resolved = request(new ObjectRef(null, "a.png"),
                new RestorationOptions(50, null, null, null, null, null)).resolved();
        RestorationOptions o = resolved.options();
        assertEquals(50, o.iterations());
        assertEquals(0.01, o.learningRate());
        assertEquals(0.99, o.averaging());
        assertEquals(Method.DEEP_IMAGE_PRIOR, resolved.method());
        assertEquals(o.seed(), resolved.resolved().options().seed(), "same job, same seed");
        assertTrue(o.seed() >= 0);
    }
}
