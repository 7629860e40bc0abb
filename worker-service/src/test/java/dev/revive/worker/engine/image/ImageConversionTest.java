package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageConversionTest {

    @Test
    void grayBecomesRgbAndBackWithoutLoss() {
        Image gray = new Image(2, 1, 1, new float[] {0.25f, 0.75f});
        Image rgb = gray.withChannels(3);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.75f, 0.75f, 0.75f}, rgb.pixels());
        assertArrayEquals(gray.pixels(), rgb.withChannels(1).pixels(), 1e-6f);
        assertSame(gray, gray.withChannels(1));
        Image red = new Image(1, 1, 3, new float[] {1f, 0f, 0f});
        assertEquals(0.299f, red.withChannels(1).pixels()[0], 1e-6f);
    }

    @Test
    void shrinkingAveragesWholeBlocks() {
        float[] pixels = new float[6 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 6) < 3 ? 0.2f : 0.8f;
        }
        Image small = new Image(6, 4, 1, pixels).shrunkTo(3);
        assertEquals(3, small.width());
        assertEquals(2, small.height());
        assertArrayEquals(new float[] {0.2f, 0.5f, 0.8f, 0.2f, 0.5f, 0.8f}, small.pixels(), 1e-6f);
        Image tiny = new Image(2, 2, 3, new float[12]);
        assertSame(tiny, tiny.shrunkTo(256));
    }

    @Test
    void cropsCutExactlyTheRegionAskedFor() {
        float[] pixels = new float[4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / 100f;
        }
        Image image = new Image(4, 3, 1, pixels);
        assertArrayEquals(new float[] {0.05f, 0.06f, 0.09f, 0.10f}, image.crop(1, 1, 2, 2).pixels());
        assertArrayEquals(new float[] {0.01f, 0.02f, 0.05f, 0.06f, 0.09f, 0.10f},
                new Image(4, 3, 1, pixels).crop(1, 0, 2, 3).pixels());
        assertArrayEquals(new float[] {0.05f}, image.centreCrop(1).pixels());
        assertThrows(IllegalArgumentException.class, () -> image.crop(3, 0, 2, 1));
    }
}
