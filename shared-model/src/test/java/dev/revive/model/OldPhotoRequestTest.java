package dev.revive.model;

import static dev.revive.model.ContractSchemaTest.T0;
import static dev.revive.model.ContractSchemaTest.check;
import static dev.revive.model.ContractSchemaTest.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The old-photo task: a mask is optional, the detection options belong to it alone, and bad values are refused. */
class OldPhotoRequestTest {
    private static final String ID = RequestValidatorTest.ID;
    private static final String DETECTOR = "0b0f8f54-3f5c-4f0e-9d55-5b8f2f0a8c11";
    private static final ObjectRef INPUT = new ObjectRef("revive", JobKeys.of(ID).input());
    private static final ObjectRef MASK = new ObjectRef("revive", JobKeys.of(ID).mask());

    private static RestorationOptions detection(String detector, Double threshold, MaskUse use) {
        return new RestorationOptions(10, null, null, null, null, null, null, null, null, null, null, detector,
                threshold, use);
    }

    private static RestorationRequest request(Task task, ObjectRef mask, RestorationOptions options) {
        return RestorationRequest.of(ID, task, INPUT, mask, null, options, T0);
    }

    @Test
    void withOrWithoutAMaskAnOldPhotoRequestIsValidAndResolvesItsThreshold() throws IOException {
        for (ObjectRef mask : new ObjectRef[] {null, MASK}) {
            RestorationRequest request = request(Task.OLD_PHOTO, mask, detection(DETECTOR, 0.3, MaskUse.ADD))
                    .resolved();
            assertEquals(List.of(), RequestValidator.validate(request));
            assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, request));
            assertEquals(request, Json.read(Json.write(request), RestorationRequest.class));
        }
        RestorationRequest plain = request(Task.OLD_PHOTO, null, RestorationOptions.NONE).resolved();
        assertEquals(RestorationOptions.DEFECT_THRESHOLD, plain.options().defectThreshold());
        assertEquals(MaskUse.REPLACE, plain.options().maskUse());
        assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, plain));
        assertEquals(Set.of(), check(Schemas.JOB_RECORD, JobRecord.queued(plain)));
        assertTrue(Json.write(plain).contains("\"task\":\"old-photo\""));
    }

    @Test
    void hostileDetectionOptionsAreRefusedByValidatorAndSchema() throws IOException {
        List<RestorationOptions> bad = List.of(detection(null, 0.0, null), detection(null, 1.0, null),
                detection(null, -0.5, null), detection(null, 7.0, null), detection(null, Double.NaN, null),
                detection("../../models/x", null, null), detection("DROP TABLE", null, null));
        for (RestorationOptions options : bad) {
            RestorationRequest request = request(Task.OLD_PHOTO, null, options);
            assertFalse(RequestValidator.validate(request).isEmpty(), options.toString());
            if (options.defectThreshold() == null || !options.defectThreshold().isNaN()) {
                assertFalse(check(Schemas.RESTORATION_REQUEST, request).isEmpty(), options.toString());
            }
        }
    }

    @Test
    void detectionOptionsBelongToOldPhotosAlone() throws IOException {
        for (RestorationOptions options : List.of(detection(DETECTOR, null, null), detection(null, 0.4, null),
                detection(null, null, MaskUse.ADD))) {
            RestorationRequest denoise = request(Task.DENOISE, null, options);
            assertTrue(RequestValidator.validate(denoise).stream().anyMatch(v -> v.field().equals("options")),
                    options.toString());
            assertFalse(check(Schemas.RESTORATION_REQUEST, denoise).isEmpty(), options.toString());
        }
        JsonSchema schema = schema(Schemas.RESTORATION_REQUEST);
        ObjectNode wire = (ObjectNode) Json.mapper().readTree(Json.write(request(Task.OLD_PHOTO, null, null)));
        wire.putObject("options").put("maskUse", "merge");
        assertFalse(schema.validate(wire).isEmpty(), "an unknown mask use");
        assertThrows(RuntimeException.class, () -> Json.read(Json.write(wire), RestorationRequest.class));
        RestorationRequest guided = RestorationRequest.of(ID, Task.OLD_PHOTO, INPUT, null,
                new ObjectRef("revive", JobKeys.of(ID).guide()), null, T0);
        assertFalse(RequestValidator.validate(guided).isEmpty(), "a guide on an old photo");
    }

    @Test
    void aStoredTripletModelRepairsOldPhotosAndNoOtherModelDoes() throws IOException {
        RestorationRequest byModel = RestorationRequest.of(ID, Task.OLD_PHOTO, Method.MODEL, INPUT, MASK, null,
                detection(DETECTOR, 0.3, MaskUse.ADD), T0).withModel(DETECTOR).resolved();
        assertEquals(List.of(), RequestValidator.validate(byModel));
        assertEquals(Set.of(), check(Schemas.RESTORATION_REQUEST, byModel));
        RestorationRequest selfSupervised = RestorationRequest.of(ID, Task.OLD_PHOTO, Method.NOISE2VOID, INPUT, null,
                null, null, T0);
        assertEquals(List.of("method"), RequestValidator.validate(selfSupervised).stream().map(Violation::field)
                .toList());
        assertFalse(check(Schemas.RESTORATION_REQUEST, selfSupervised.resolved()).isEmpty());

        CollectionRef photos = CollectionRef.unpaired(null, "old/", "clean/");
        ModelRecord triplet = ModelRecord.queued(TrainingRequest.of(DETECTOR, Method.OLD_PHOTO_TRIPLET, photos, null,
                T0));
        ModelRecord denoiser = ModelRecord.queued(TrainingRequest.of(DETECTOR, Method.NOISE2VOID,
                new CollectionRef(null, "scans/"), null, T0));
        assertTrue(triplet.serves(Task.OLD_PHOTO) && triplet.serves(Task.DENOISE));
        assertTrue(denoiser.serves(Task.DENOISE));
        assertFalse(denoiser.serves(Task.OLD_PHOTO), "only the triplet network takes the defect mask");
    }
}
