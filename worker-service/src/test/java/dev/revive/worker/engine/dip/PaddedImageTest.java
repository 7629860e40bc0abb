package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.SyntheticImages;
import org.junit.jupiter.api.Test;

class PaddedImageTest {

    @Test
    void growsToTheMultipleByReflectionAndCropsBack() {
        Image image = SyntheticImages.shapes(5, 3, 3);
        PaddedImage padded = PaddedImage.reflect(image, 8, 4);

        assertEquals(8, padded.padded().width());
        assertEquals(4, padded.padded().height());
        // column 5 mirrors column 3, row 3 mirrors row 1 (the edge is not repeated)
        assertEquals(image.pixel(3, 0, 1), padded.padded().pixel(5, 0, 1));
        assertEquals(image.pixel(2, 1, 0), padded.padded().pixel(2, 3, 0));
        float maskSum = 0;
        for (float m : padded.mask()) {
            maskSum += m;
        }
        assertEquals(15f, maskSum);
        assertArrayEquals(image.pixels(), padded.crop(padded.padded().pixels()).pixels());
    }

    @Test
    void foldsPadsLongerThanTheImage() {
        assertEquals(0, PaddedImage.reflectIndex(7, 1));
        int[] expected = {0, 1, 2, 1, 0, 1, 2, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], PaddedImage.reflectIndex(i, 3));
        }
    }
}
