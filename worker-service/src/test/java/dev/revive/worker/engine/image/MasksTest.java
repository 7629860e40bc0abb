package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.ImageFormat;
import dev.revive.model.UnsupportedImageException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The three mask conventions, and the masks that cannot be used. */
class MasksTest {

    private static final int W = 8;
    private static final int H = 6;

    /** Holes: a 3x2 block at (2,1) and the single pixel (7,5). */
    private static boolean isHole(int x, int y) {
        return (x >= 2 && x < 5 && y >= 1 && y < 3) || (x == 7 && y == 5);
    }

    private static float[] expected() {
        float[] known = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                known[y * W + x] = isHole(x, y) ? 0f : 1f;
            }
        }
        return known;
    }

    @Test
    void grayMaskAtEightAndSixteenBits() {
        for (int bits : new int[] {8, 16}) {
            float[] gray = new float[W * H];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    // 0.49 is a hole, 0.5 is known: the threshold is exactly half
                    gray[y * W + x] = isHole(x, y) ? (x == 2 ? 0.49f : 0f) : (x == 0 ? 0.5f : 1f);
                }
            }
            byte[] file = ImageCodec.encodePng(new Image(W, H, 1, gray), null, bits);
            assertArrayEquals(expected(), Masks.known(file, W, H), bits + "-bit");
        }
    }

    @Test
    void grayLookingRgbJpegMask() {
        BufferedImage mask = new BufferedImage(W * 4, H * 4, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < H * 4; y++) {
            for (int x = 0; x < W * 4; x++) {
                mask.setRGB(x, y, isHole(x / 4, y / 4) ? 0x000000 : 0xFFFFFF);
            }
        }
        float[] known = Masks.known(TestFiles.write(mask, "jpeg"), W * 4, H * 4);
        assertTrue(known[0] == 1f && known[(1 * 4 + 1) * W * 4 + 2 * 4 + 1] == 0f);
        assertTrue(agreement(known, W * 4, H * 4, 4) > 0.97);
    }

    @Test
    void magentaPaintedOverThePhoto() {
        Image photo = ImageRoundTripTest.quantized(W, H, 3, 255, 3);
        float[] painted = photo.pixels().clone();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (isHole(x, y)) {
                    int i = (y * W + x) * 3;
                    painted[i] = 1f;
                    painted[i + 1] = 0f;
                    painted[i + 2] = 1f;
                }
            }
        }
        // a photo pixel that happens to be near magenta would be read as a hole, so keep it away
        for (int i = 0; i < painted.length; i += 3) {
            if (painted[i + 1] > 0f) {
                painted[i + 1] = Math.max(painted[i + 1], 0.3f);
            }
        }
        byte[] file = ImageCodec.encodePng(new Image(W, H, 3, painted), null, 8);
        assertArrayEquals(expected(), Masks.known(file, W, H));
    }

    @Test
    void magentaSurvivesJpegCompression() {
        BufferedImage photo = ImageRoundTripTest.smooth(BufferedImage.TYPE_3BYTE_BGR); // 40x30
        for (int y = 8; y < 16; y++) {
            for (int x = 16; x < 32; x++) {
                photo.setRGB(x, y, 0xFF00FF);
            }
        }
        float[] known = Masks.known(TestFiles.write(photo, "jpeg"), 40, 30);
        assertTrue(known[12 * 40 + 24] == 0f, "inside the painted block");
        assertTrue(known[2 * 40 + 2] == 1f, "untouched photo");
        int holes = 0;
        for (float k : known) {
            holes += k == 0f ? 1 : 0;
        }
        assertTrue(Math.abs(holes - 8 * 16) <= 16, "about the painted area: " + holes);
    }

    @Test
    void transparentHolesInAPng() {
        Image photo = ImageRoundTripTest.quantized(W, H, 3, 255, 4);
        float[] alpha = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                alpha[y * W + x] = isHole(x, y) ? 0f : 1f;
            }
        }
        for (int bits : new int[] {8, 16}) {
            byte[] file = ImageCodec.encodePng(photo, alpha, bits);
            assertArrayEquals(expected(), Masks.known(file, W, H));
        }
    }

    @Test
    void opaqueAlphaFallsBackToTheColourRules() {
        float[] gray = new float[W * H];
        float[] alpha = new float[W * H];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = isHole(i % W, i / W) ? 0f : 1f;
            alpha[i] = 1f;
        }
        DecodedImage mask = new DecodedImage(new Image(W, H, 1, gray), alpha, 8, ImageFormat.PNG);
        assertArrayEquals(expected(), Masks.known(mask, W, H));
    }

    @Test
    void refusesMasksOfAnotherSizeNamingBoth() {
        byte[] small = ImageCodec.encodePng(new Image(4, 3, 1, new float[12]), null, 8);
        var error = assertThrows(InvalidMaskException.class, () -> Masks.known(small, W, H));
        assertTrue(error.getMessage().contains("4x3") && error.getMessage().contains(W + "x" + H),
                error.getMessage());
        byte[] large = ImageCodec.encodePng(new Image(W * 2, H, 1, new float[W * H * 2]), null, 8);
        var tooLarge = assertThrows(InvalidMaskException.class, () -> Masks.known(large, W, H));
        assertTrue(tooLarge.getMessage().contains((W * 2) + "x" + H), tooLarge.getMessage());
        byte[] transposed = ImageCodec.encodePng(new Image(H, W, 1, new float[W * H]), null, 8);
        assertThrows(InvalidMaskException.class, () -> Masks.known(transposed, W, H));
    }

    @Test
    void refusesMasksThatKeepNothingOrFillNothing() {
        byte[] black = ImageCodec.encodePng(new Image(W, H, 1, new float[W * H]), null, 8);
        var nothingKept = assertThrows(InvalidMaskException.class, () -> Masks.known(black, W, H));
        assertTrue(nothingKept.getMessage().contains("every pixel"), nothingKept.getMessage());
        float[] ones = new float[W * H];
        java.util.Arrays.fill(ones, 1f);
        byte[] white = ImageCodec.encodePng(new Image(W, H, 1, ones), null, 8);
        var nothingFilled = assertThrows(InvalidMaskException.class, () -> Masks.known(white, W, H));
        assertTrue(nothingFilled.getMessage().contains("nothing to fill"), nothingFilled.getMessage());
        assertThrows(UnsupportedImageException.class,
                () -> Masks.known("not an image".getBytes(), W, H));
    }

    /** Share of pixels whose known value matches the block pattern scaled by {@code scale}. */
    private static double agreement(float[] known, int width, int height, int scale) {
        int same = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float want = isHole(x / scale, y / scale) ? 0f : 1f;
                same += known[y * width + x] == want ? 1 : 0;
            }
        }
        return same / (double) (width * height);
    }
}
