package dev.revive.worker.engine.imported;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.ModelKind;
import dev.revive.model.ValueRange;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.selfsup.Denoiser;
import dev.revive.worker.engine.selfsup.ServingSignature;
import dev.revive.worker.engine.unpaired.FeatureSavedModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users' SavedModels, exported by TensorFlow Java as Python would: the good one is served, flawed ones refused. */
class SavedModelCheckTest {
    static final SessionOptions SESSION = SessionOptions.defaults().withThreads(2, 1);
    static final SavedModelCheck.Requested ASKED = new SavedModelCheck.Requested(UserSavedModels.SIGNATURE, null,
            null, null, ValueRange.BYTE);

    @TempDir
    Path temp;

    private Path export(int channels, UserSavedModels.Flaw flaw) {
        Path dir = temp.resolve(flaw.name() + channels);
        UserSavedModels.export(dir, channels, flaw);
        return dir;
    }

    @Test
    void aGoodModelIsFoundAndDenoisesInItsOwnRange() {
        Path dir = export(3, UserSavedModels.Flaw.NONE);
        ServingSignature serving = SavedModelCheck.check(dir, ASKED, SESSION);
        assertEquals(new ServingSignature(UserSavedModels.SIGNATURE, UserSavedModels.INPUT, UserSavedModels.OUTPUT,
                3, ValueRange.BYTE, 1, 33), serving);
        assertEquals(serving, ServingSignature.fromMetadata(serving.metadata()));
        Image flat = new Image(20, 12, 3, filled(20 * 12 * 3, 0.6f));
        try (Denoiser denoiser = Denoiser.loadImported(dir, serving, SESSION)) {
            Image out = denoiser.denoise(flat);
            assertEquals(20, out.width());
            assertEquals(12, out.height());
            // away from the zero-padded border the box filter returns the flat value, less the offset
            int centre = (6 * 20 + 10) * 3;
            assertEquals(UserSavedModels.flatOutput(0.6f), out.pixels()[centre], 1e-4);
            Image tiled = denoiser.denoise(new Image(90, 70, 3, filled(90 * 70 * 3, 0.6f)), 40 * 40, 8,
                    () -> false);
            assertEquals(UserSavedModels.flatOutput(0.6f), tiled.pixels()[(35 * 90 + 45) * 3], 1e-4);
        }
    }

    @Test
    void aPoolingModelTakesMultiplesOfFour() {
        ServingSignature serving = SavedModelCheck.check(export(1, UserSavedModels.Flaw.POOLS_BY_4), ASKED, SESSION);
        assertEquals(4, serving.sideMultiple());
        assertEquals(36, serving.minSide());
        assertEquals(1, serving.channels());
    }

    @Test
    void flawedModelsAreRefusedWithTheirReason() {
        Path good = export(3, UserSavedModels.Flaw.NONE);
        assertRefused(good, new SavedModelCheck.Requested("serving_default", null, null, null, ValueRange.UNIT),
                "no signature 'serving_default'");
        assertRefused(good, new SavedModelCheck.Requested(UserSavedModels.SIGNATURE, "noisy", null, null,
                ValueRange.UNIT), "no input 'noisy'");
        assertRefused(good, new SavedModelCheck.Requested(UserSavedModels.SIGNATURE, null, null, 1, ValueRange.UNIT),
                "says 1 channels");
        assertRefused(export(3, UserSavedModels.Flaw.RANK_3), ASKED, "rank 3");
        assertRefused(export(3, UserSavedModels.Flaw.GRAY_OUTPUT), ASKED, "has 1");
        assertRefused(export(3, UserSavedModels.Flaw.READS_A_FILE), ASKED, "ReadFile");
        // the saver's own SaveV2 is allowed (the good model has one); one the signature reaches is not
        assertRefused(export(3, UserSavedModels.Flaw.WRITES_A_CHECKPOINT), ASKED, "SaveV2");
        assertRefused(temp, ASKED, "saved_model.pb");
    }

    @Test
    void aFeaturesImportTakesAnyFloatMapWithTheBatchFirstAndKeepsTheInputAndOpChecks() {
        SavedModelCheck.Requested features = new SavedModelCheck.Requested(FeatureSavedModels.SIGNATURE, null, null,
                null, ValueRange.UNIT, ModelKind.FEATURES);
        Path halving = temp.resolve("halving");
        FeatureSavedModels.exportDownsampling(halving, 3, 16);
        ServingSignature serving = SavedModelCheck.check(halving, features, SESSION);
        assertEquals(FeatureSavedModels.OUTPUT, serving.output());
        assertEquals(3, serving.channels());
        assertRefused(halving, new SavedModelCheck.Requested(FeatureSavedModels.SIGNATURE, null, null, null,
                ValueRange.UNIT), "16 channels");
        Path pooled = temp.resolve("pooled");
        FeatureSavedModels.exportPooled(pooled, 3);
        assertRefused(pooled, features, "rank 1");

        SavedModelCheck.Requested asked = new SavedModelCheck.Requested(UserSavedModels.SIGNATURE, null, null, null,
                ValueRange.BYTE, ModelKind.FEATURES);
        assertEquals(1, SavedModelCheck.check(export(3, UserSavedModels.Flaw.GRAY_OUTPUT), asked, SESSION)
                .sideMultiple(), "other channels than the input's are features too");
        assertRefused(export(3, UserSavedModels.Flaw.RANK_3), asked, "rank 3");
        assertRefused(export(3, UserSavedModels.Flaw.READS_A_FILE), asked, "ReadFile");
        assertRefused(export(3, UserSavedModels.Flaw.WRITES_A_CHECKPOINT), asked, "SaveV2");
    }

    private static void assertRefused(Path dir, SavedModelCheck.Requested requested, String reason) {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> SavedModelCheck.check(dir, requested, SESSION));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static float[] filled(int length, float value) {
        float[] out = new float[length];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
