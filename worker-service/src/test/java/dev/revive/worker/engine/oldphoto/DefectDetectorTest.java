package dev.revive.worker.engine.oldphoto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.Progress;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.selfsup.CheckpointListener;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector learns from synthetic ageing, and tiles give the whole photo's answer. */
class DefectDetectorTest {

    private static final SessionOptions SESSION = SessionOptions.defaults();

    @TempDir
    Path temp;

    private final List<Image> clean = List.of(SyntheticImages.shapes(64, 48, 3),
            SyntheticImages.shapes(40, 56, 3));

    private DetectorModel train(int steps, List<Double> validation) {
        TrainingSettings settings = new TrainingSettings(32, 4, steps, null, 3e-3f, 11, 5);
        return new DetectorTrainer(SESSION, new AgeingSynthesiser(AgeingSettings.training()))
                .train(clean, DetectorTrainer.network(3, 8), settings,
                        (Progress p) -> validation.add(p.validationLoss()), () -> false,
                        CheckpointListener.NONE);
    }

    @Test
    void lossFallsOverAFewStepsOnTinyData() {
        List<Double> validation = new ArrayList<>();
        try (DetectorModel model = train(40, validation)) {
            assertEquals(40, model.info().steps());
            assertEquals(8, validation.size());
            assertTrue(validation.get(7) < 0.95 * validation.get(0), "validation loss " + validation);
        }
    }

    @Test
    void tiledDetectionEqualsWholeDetectionAndSurvivesSaving() {
        Image photo = new AgeingSynthesiser().age(SyntheticImages.shapes(300, 260, 3), 5).old();
        try (DetectorModel model = train(3, new ArrayList<>())) {
            DefectDetector detector = model.detector();
            Image whole = detector.probabilities(photo);
            int side = 2 * detector.margin() + 64;
            Image tiled = detector.probabilities(photo, side, () -> false);
            assertTrue(DefectDetector.starts(photo.width(), side, detector.margin()).length > 2);
            assertArrayEquals(whole.pixels(), tiled.pixels(), 1e-4f);
            Path dir = temp.resolve("detector");
            model.save(dir);
            try (DefectDetector loaded = DefectDetector.load(dir, SESSION)) {
                assertArrayEquals(whole.pixels(), loaded.probabilities(photo).pixels(), 1e-5f);
            }
        }
    }
}
