package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.nn.SkipConfig;
import org.junit.jupiter.api.Test;

class PaddedObservationTest {

    private static final SkipConfig REFERENCE = SkipConfig.reference(3);

    @Test
    void superResolutionPadsTheSmallImageSoTheOutputIsItsFactorTimes() {
        Image small = SyntheticImages.shapes(20, 9, 3);
        PaddedObservation padded =
                PaddedObservation.of(Observation.lowResolution(small, 4), REFERENCE);

        // 80 is no multiple of 32, so 20 grows to 24 (96); 36 is under 64, so 9 grows to 16
        assertEquals(24, padded.observed().padded().width());
        assertEquals(16, padded.observed().padded().height());
        assertEquals(96, padded.networkWidth());
        assertEquals(64, padded.networkHeight());
        assertEquals(new DipGraphKey(64, 96, REFERENCE, 4, SessionOptions.defaults()),
                padded.graphKey(REFERENCE, SessionOptions.defaults()));

        float[] output = new float[96 * 64 * 3];
        for (int i = 0; i < output.length; i++) {
            output[i] = (i % 7) / 7f;
        }
        Image answer = padded.crop(output);
        assertEquals(80, answer.width());
        assertEquals(36, answer.height());
        assertEquals(output[(5 * 96 + 79) * 3 + 2], answer.pixel(79, 5, 2));
    }

    @Test
    void maskKeepsKnownPixelsOfTheOriginalRegionOnly() {
        Image image = SyntheticImages.shapes(3, 2, 1);
        float[] known = {1, 0, 1, 0.5f, 1, 0};
        SkipConfig tiny = new SkipConfig(4, 1, 1, 4, 0);
        PaddedObservation padded = PaddedObservation.of(Observation.withHoles(image, known), tiny);

        assertEquals(4, padded.observed().padded().width());
        assertEquals(4, padded.observed().padded().height());
        assertArrayEquals(new float[] {1, 0, 1, 0, 0.5f, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                padded.mask());
    }

    @Test
    void guideIsPaddedToTheNetworkSize() {
        Image scene = SyntheticImages.shapes(3, 2, 3);
        Image guide = SyntheticImages.shapes(3, 2, 1);
        SkipConfig tiny = new SkipConfig(1, 3, 1, 4, 0);
        PaddedObservation padded = PaddedObservation.of(Observation.guidedBy(scene, guide), tiny);

        assertEquals(16, padded.guide().length);
        assertEquals(guide.pixel(1, 1, 0), padded.guide()[4 + 1]);
    }

    @Test
    void refusesAnObservationWithNothingKnown() {
        Image image = SyntheticImages.shapes(3, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> PaddedObservation.of(
                Observation.withHoles(image, new float[6]), new SkipConfig(4, 1, 1, 4, 0)));
    }
}
