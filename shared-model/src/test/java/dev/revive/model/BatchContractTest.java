package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The batch parts of the contract: derived job ids, the destination layout, and a batch item's request. */
class BatchContractTest {
    static final String ID = RequestValidatorTest.ID;
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void derivedIdsAreCanonicalStableAndTellEveryPartApart() {
        String id = JobIds.derived("alice", "revive", "archive/a.png", "etag-1", "digest");
        assertTrue(JobIds.isValid(id), id);
        assertEquals(id, JobIds.derived("alice", "revive", "archive/a.png", "etag-1", "digest"));
        assertNotEquals(id, JobIds.derived("alice", "revive", "archive/a.png", "etag-2", "digest"), "a new ETag");
        assertNotEquals(id, JobIds.derived("bob", "revive", "archive/a.png", "etag-1", "digest"), "another owner");
        assertNotEquals(JobIds.derived("ab", "c"), JobIds.derived("a", "bc"), "parts are not merely joined");
        assertNotEquals(JobIds.derived(null, "x"), JobIds.derived("x", null));
    }

    @Test
    void theDefaultLayoutPutsResultsUnderRestoredWithTheResultFormatsExtension() {
        DestinationLayout layout = DestinationLayout.orDefault(null);
        assertEquals("restored/archive/1950s/a.tiff", layout.render("archive/1950s/a.tif", ID));
        assertEquals("restored/archive/b.jpg", layout.render("archive/b.JPEG", ID));
        assertEquals("restored/archive/c.png", layout.render("archive/c.png", ID));
        assertEquals("restored/archive.d/scan", layout.render("archive.d/scan", ID), "no extension, none added");
        assertEquals("out/" + ID + "/x/y.png", new DestinationLayout("out/{batch}/{path}").render("x/y.png", ID));
        assertEquals(List.of(), layout.validate(new BatchSource(null, "archive/1950s/", null)));
    }

    @Test
    void layoutsThatCouldReachAnOriginalOrRevivesOwnFoldersAreRefused() {
        BatchSource prefix = new BatchSource(null, "archive/1950s/", null);
        for (String bad : List.of("{path}", "{path}-restored", "archive/{path}", "archive/1950s/out/{path}",
                "jobs/{path}", "models/x/{path}", "batches/{path}", "restored/", "restored/{name}",
                "restored/{path}/{path}", "../{path}", "/restored/{path}", "restored/{path", "restored}/{path}",
                "x".repeat(300) + "{path}", "", "re\u0000stored/{path}")) {
            assertFalse(new DestinationLayout(bad).validate(prefix).isEmpty(), bad);
        }
        BatchSource keys = new BatchSource(null, null, List.of("a.png", "restored/b.png"));
        assertFalse(DestinationLayout.orDefault(null).validate(keys).isEmpty(), "a listed key under the head");
        assertEquals(List.of(), new DestinationLayout("done/{path}").validate(keys));
    }

    @Test
    void batchSourcesAreOneOfPrefixOrABoundedListOfPlainKeys() {
        assertEquals(List.of("source"), fields(RequestValidator.validateBatch(null, null)));
        assertEquals(List.of("source"), fields(RequestValidator.validateBatch(
                new BatchSource(null, "a/", List.of("b.png")), null)));
        assertEquals(List.of("source"), fields(RequestValidator.validateBatch(new BatchSource("x", null, null), null)));
        assertEquals(List.of("source.prefix"), fields(RequestValidator.validateBatch(
                new BatchSource(null, "jobs/", null), null)));
        assertEquals(List.of("source.prefix"), fields(RequestValidator.validateBatch(
                new BatchSource(null, "../a/", null), null)));
        assertEquals(List.of("source.keys"), fields(RequestValidator.validateBatch(
                new BatchSource(null, null, List.of()), null)));
        List<String> many = new ArrayList<>(Collections.nCopies(Limits.MAX_BATCH_KEYS + 1, "a.png"));
        assertEquals(List.of("source.keys"), fields(RequestValidator.validateBatch(
                new BatchSource(null, null, many), null)));
        assertEquals(List.of("source.keys"), fields(RequestValidator.validateBatch(
                new BatchSource(null, null, List.of("a.png", "a.png")), null)));
        assertEquals(List.of("source.keys[1]"), fields(RequestValidator.validateBatch(
                new BatchSource(null, null, List.of("a.png", "models/x/files/a")), null)));
        assertEquals(List.of("destination"), fields(RequestValidator.validateBatch(
                new BatchSource(null, "archive/", null), "archive/out/{path}")));
        assertEquals(List.of(), RequestValidator.validateBatch(new BatchSource("archive", "1950s/", null), null));
    }

    @Test
    void aBatchItemsRequestCarriesItsBatchAndOutputAndMatchesItsSchema() throws IOException {
        String batch = JobIds.newId();
        RestorationRequest item = RestorationRequest.of(ID, Task.DENOISE, new ObjectRef("archive", "1950s/a.png"),
                RestorationOptions.NONE, T0).inBatch(batch, new ObjectRef("revive", "restored/1950s/a.png"))
                .resolved();
        assertEquals(List.of(), RequestValidator.validate(item));
        assertEquals(Set.of(), ContractSchemaTest.check(Schemas.RESTORATION_REQUEST, item));
        assertEquals(item, Json.read(Json.write(item), RestorationRequest.class));
        assertEquals(batch, item.withOwner("alice").batchId(), "the batch stays through every copy");

        BatchRequest message = BatchRequest.of(batch);
        assertEquals(Set.of(), ContractSchemaTest.check(Schemas.BATCH_REQUEST, message));
        assertEquals(message, Json.read(Json.write(message), BatchRequest.class));
    }

    @Test
    void hostileOutputsAreRefusedByTheValidatorAndTheSchema() throws IOException {
        ObjectRef input = new ObjectRef("revive", "archive/a.png");
        for (ObjectRef bad : List.of(new ObjectRef(null, "jobs/" + ID + "/result.png"),
                new ObjectRef(null, "models/" + ID + "/files/saved_model.pb"), new ObjectRef(null, "archive/a.png"),
                new ObjectRef("revive", "archive/a.png"), new ObjectRef(null, "restored/../archive/a.png"),
                new ObjectRef(null, "/restored/a.png"), new ObjectRef(null, "r/" + "x".repeat(1100)),
                new ObjectRef(null, ""), new ObjectRef("Not_A_Bucket", "restored/a.png"))) {
            RestorationRequest request = RestorationRequest.of(ID, Task.DENOISE, input, RestorationOptions.NONE, T0)
                    .inBatch(null, bad);
            assertTrue(fields(RequestValidator.validate(request)).stream().anyMatch(f -> f.startsWith("output")),
                    bad.toString());
            boolean sameAsInput = bad.key().equals(input.key());
            if (!sameAsInput) {
                assertFalse(ContractSchemaTest.check(Schemas.RESTORATION_REQUEST, request).isEmpty(), bad.toString());
            }
        }
        ObjectNode wire = (ObjectNode) Json.mapper().readTree(Json.write(RestorationRequest.of(ID, Task.DENOISE,
                input, RestorationOptions.NONE, T0)));
        wire.put("batchId", "../x");
        assertFalse(ContractSchemaTest.schema(Schemas.RESTORATION_REQUEST).validate(wire).isEmpty());
        assertEquals(List.of(), RequestValidator.validateOutput(input, new ObjectRef("other", "archive/a.png")),
                "the same key in another bucket is another object");
    }
}
