package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.nn.SkipConfig;
import org.junit.jupiter.api.Test;

class InpaintingTest {

    private static final int SIDE = 32;

    /** Three-pixel-wide strokes across the picture, like scribbles or text over a photo. */
    private static float[] strokes() {
        float[] known = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean stroke = (y >= 9 && y < 12) || (x >= 20 && x < 23 && y > 4);
                known[y * SIDE + x] = stroke ? 0f : 1f;
            }
        }
        return known;
    }

    @Test
    void fillsTheHolesAndKeepsTheKnownPixels() {
        Image clean = SyntheticImages.shapes(SIDE, SIDE, 3);
        float[] known = strokes();
        float[] holed = clean.pixels().clone();
        for (int i = 0; i < known.length; i++) {
            if (known[i] == 0f) {
                holed[3 * i] = holed[3 * i + 1] = holed[3 * i + 2] = 1f; // white scribbles
            }
        }
        Image degraded = new Image(SIDE, SIDE, 3, holed);
        SkipConfig network = SkipConfig.inpainting(3).withChannels(16);
        DipSettings settings = DipSettings.inpaintingDefaults().withIterations(200);

        Restoration result = new DeepImagePrior().restore(Observation.withHoles(degraded, known),
                network, settings, StoppingRule.NEVER, ProgressListener.NONE,
                CancellationSignal.NEVER);

        double left = psnr(degraded, clean, known, 0f);
        double filled = psnr(result.image(), clean, known, 0f);
        double meanFill = psnr(fillWithKnownMean(degraded, known), clean, known, 0f);
        double kept = psnr(result.image(), clean, known, 1f);
        System.out.printf("inpainting %dx%d strokes: holes left %.2f dB, mean fill %.2f dB, DIP %.2f dB;"
                + " known pixels %.2f dB%n", SIDE, SIDE, left, meanFill, filled, kept);
        assertEquals(SIDE, result.image().width());
        assertTrue(filled > meanFill + 3, "holes " + filled + " dB vs mean fill " + meanFill + " dB");
        assertTrue(kept > 28, "known pixels " + kept + " dB");
    }

    /** PSNR over the pixels whose mask value is {@code which}. */
    private static double psnr(Image a, Image b, float[] mask, float which) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != which) {
                continue;
            }
            for (int c = 0; c < a.channels(); c++) {
                double d = a.pixels()[i * a.channels() + c] - b.pixels()[i * b.channels() + c];
                sum += d * d;
                count++;
            }
        }
        return 10 * Math.log10(count / sum);
    }

    private static Image fillWithKnownMean(Image image, float[] known) {
        int channels = image.channels();
        double[] mean = new double[channels];
        int count = 0;
        for (int i = 0; i < known.length; i++) {
            if (known[i] == 1f) {
                count++;
                for (int c = 0; c < channels; c++) {
                    mean[c] += image.pixels()[i * channels + c];
                }
            }
        }
        float[] pixels = image.pixels().clone();
        for (int i = 0; i < known.length; i++) {
            if (known[i] == 0f) {
                for (int c = 0; c < channels; c++) {
                    pixels[i * channels + c] = (float) (mean[c] / count);
                }
            }
        }
        return new Image(image.width(), image.height(), channels, pixels);
    }
}
