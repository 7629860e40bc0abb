package dev.revive.api.job;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.Method;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Task;
import org.junit.jupiter.api.Test;

/** A misconfigured ingest fails the api's start with the reason, rather than refusing every upload later. */
class ArchiveIngestTest {

    @Test
    void onlyRestorationsAnUploadAloneCanFeedAreAccepted() {
        assertDoesNotThrow(() -> ArchiveIngest.requireIngestible(Task.DENOISE, Method.DEEP_IMAGE_PRIOR,
                RestorationOptions.NONE));
        assertDoesNotThrow(() -> ArchiveIngest.requireIngestible(Task.DENOISE, Method.NOISE2VOID,
                RestorationOptions.NONE));
        IllegalArgumentException inpaint = assertThrows(IllegalArgumentException.class,
                () -> ArchiveIngest.requireIngestible(Task.INPAINT, Method.DEEP_IMAGE_PRIOR, RestorationOptions.NONE));
        assertTrue(inpaint.getMessage().contains("mask"), inpaint.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ArchiveIngest.requireIngestible(Task.SUPER_RESOLVE, Method.NOISE2VOID, RestorationOptions.NONE));
    }
}
