package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobKeysTest {

    @Test
    void aKeyOrPrefixNamesTheFolderItReachesInto() {
        String id = "0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f";
        assertEquals(Optional.of(id), JobKeys.owningFolder(JobKeys.of(id).input()));
        assertEquals(Optional.of(id), JobKeys.owningFolder("jobs/" + id));
        assertEquals(Optional.of("0b5f"), JobKeys.owningFolder("jobs/0b5f"), "a partial id is not a job");
        assertEquals(Optional.of(""), JobKeys.owningFolder("jobs/"), "every job's folder");
        assertEquals(Optional.of(""), JobKeys.owningFolder("j"), "every job's folder too");
        assertEquals(Optional.empty(), JobKeys.owningFolder("incoming/jobs/x.png"));
        assertEquals(Optional.of(id), ModelKeys.owningFolder(ModelKeys.of(id).record()));
        assertEquals(Optional.of(""), ModelKeys.owningFolder("mod"));
        assertEquals(Optional.empty(), ModelKeys.owningFolder(JobKeys.of(id).input()));
    }

    @Test
    void keysLiveUnderTheJobsFolder() {
        String id = "0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f";
        JobKeys keys = JobKeys.of(id);
        assertEquals("jobs/" + id + "/input", keys.input());
        assertEquals("jobs/" + id + "/result.png", keys.result(ImageFormat.PNG));
        assertEquals("jobs/" + id + "/result.jpg", keys.result(ImageFormat.JPEG));
        assertEquals("jobs/" + id + "/result.tiff", keys.result(ImageFormat.TIFF));
        assertEquals("jobs/" + id + "/mask", keys.mask());
        assertEquals("jobs/" + id + "/guide", keys.guide());
        assertEquals("jobs/" + id + "/preview.png", keys.preview());
        assertEquals("jobs/" + id + "/job.json", keys.record());
        assertEquals("jobs/" + id + "/cancel", keys.cancellation());
        assertTrue(keys.result(ImageFormat.TIFF).startsWith(keys.prefix()));
    }

    @Test
    void modelKeysLiveUnderTheModelsFolder() {
        String id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        ModelKeys keys = ModelKeys.of(id);
        assertEquals("models/" + id + "/model.json", keys.record());
        assertEquals("models/" + id + "/files/", keys.files());
        assertEquals("models/" + id + "/files/variables/variables.index", keys.file("variables/variables.index"));
        assertTrue(keys.files().startsWith(keys.prefix()) && keys.record().startsWith(keys.prefix()));
        assertThrows(IllegalArgumentException.class, () -> ModelKeys.of("../jobs"));
    }

    @Test
    void refusesAnythingButACanonicalUuid() {
        for (String bad : new String[] {null, "", "../etc/passwd", "0B5F6C2E-8A1D-4C3B-9E7F-1A2B3C4D5E6F",
                "0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f/../x", "jobs"}) {
            assertThrows(IllegalArgumentException.class, () -> JobKeys.of(bad), String.valueOf(bad));
            assertFalse(JobIds.isValid(bad));
        }
    }

    @Test
    void newIdsAreValidAndDistinct() {
        String a = JobIds.newId();
        String b = JobIds.newId();
        assertTrue(JobIds.isValid(a));
        assertFalse(a.equals(b));
    }

    @Test
    void idempotencyKeysAreHashedSoClientsCannotShapeOurKeys() {
        String key = JobKeys.idempotency("../../jobs/x/job.json");
        assertTrue(key.matches("idempotency/[0-9a-f]{64}\\.json"), key);
        assertEquals(key, JobKeys.idempotency("../../jobs/x/job.json"));
        assertFalse(key.equals(JobKeys.idempotency("another")));
    }
}
