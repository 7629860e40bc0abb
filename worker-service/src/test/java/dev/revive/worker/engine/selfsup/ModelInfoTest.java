package dev.revive.worker.engine.selfsup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved description reads back as written, and carries the version of its layout. */
class ModelInfoTest {

    private static final ModelInfo INFO = new ModelInfo("blind-spot", 1500, 32, 8, new UNetConfig(2, 32, 3, false),
            Inference.SINGLE, 0.098, -1.79, 7);

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) throws IOException {
        INFO.write(dir);

        assertEquals(INFO, ModelInfo.read(dir));
        assertTrue(Files.readString(dir.resolve(ModelInfo.FILE_NAME)).contains("format=" + ModelInfo.FORMAT_VERSION));
    }

    @Test
    void aDescriptionWithoutFormatIsTheFirstOne(@TempDir Path dir) throws IOException {
        INFO.write(dir);
        Path file = dir.resolve(ModelInfo.FILE_NAME);
        Files.writeString(file, Files.readString(file).replaceAll("(?m)^format=.*$", ""));

        assertEquals(INFO, ModelInfo.read(dir));
    }

    @Test
    void aNewerFormatIsRefusedRatherThanMisread(@TempDir Path dir) throws IOException {
        INFO.write(dir);
        Path file = dir.resolve(ModelInfo.FILE_NAME);
        Files.writeString(file, Files.readString(file).replaceAll("(?m)^format=.*$",
                "format=" + (ModelInfo.FORMAT_VERSION + 1)));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ModelInfo.read(dir));
        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
    }
}
