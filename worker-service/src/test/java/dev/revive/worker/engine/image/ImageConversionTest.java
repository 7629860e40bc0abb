package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
