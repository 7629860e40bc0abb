package dev.revive.worker.engine.image;

import dev.revive.model.UnsupportedImageException;

/**
 * Reads an inpainting mask: which pixels of the photo are known and which are to be filled.
 *
 * <p>A mask file (PNG, JPEG or TIFF, 8 or 16 bits) is read by the first rule that applies:
 * <ol>
 *   <li><b>Transparency</b>: it has alpha and some pixel is less than 50% opaque. Pixels under
 *       50% opacity are holes, the rest known; colour is ignored (the photo with holes erased).
 *   <li><b>Magenta key</b>: it is in colour, i.e. some pixel's channels differ by more than
 *       {@value #GRAY_SPREAD}. Pixels within {@value #MAGENTA_TOLERANCE} of pure magenta
 *       #FF00FF on every channel are holes, the rest known (the photo with holes painted over;
 *       the tolerance absorbs JPEG error).
 *   <li><b>Gray</b>: otherwise (gray, or RGB that looks gray). Pixels at least 50% white are
 *       known, darker ones are holes.
 * </ol>
 * The mask must have the photo's size, keep some pixels and mark some to fill.
 */
public final class Masks {

    /** Largest channel spread of a gray-looking RGB pixel; JPEG noise stays well below it. */
    public static final double GRAY_SPREAD = 0.1;

    /** How far from #FF00FF, per channel in [0,1], a hole pixel may be. */
    public static final double MAGENTA_TOLERANCE = 0.2;

    private Masks() {}

    /**
     * Decodes a mask file for a photo of the given size; a larger file is refused before its
     * pixels are decoded.
     *
     * @return one value per pixel, 1 known and 0 to fill
     * @throws InvalidMaskException when the size differs or the mask keeps or fills nothing
     * @throws UnsupportedImageException when the file is not a readable image
     */
    public static float[] known(byte[] maskFile, int width, int height) {
        DecodedImage mask;
        try {
            mask = ImageCodec.decode(maskFile, (long) width * height);
        } catch (ImageTooLargeException e) {
            throw sizeMismatch(e.width(), e.height(), width, height);
        }
        return known(mask, width, height);
    }

    /** As {@link #known(byte[], int, int)}, for a mask already decoded. */
    public static float[] known(DecodedImage mask, int width, int height) {
        Image image = mask.color();
        if (image.width() != width || image.height() != height) {
            throw sizeMismatch(image.width(), image.height(), width, height);
        }
        float[] known;
        if (hasHoleInAlpha(mask.alpha())) {
            known = fromAlpha(mask.alpha());
        } else if (isColour(image)) {
            known = fromMagenta(image);
        } else {
            known = fromGray(image);
        }
        requireSomeOfEach(known);
        return known;
    }

    private static InvalidMaskException sizeMismatch(int maskWidth, int maskHeight, int width,
            int height) {
        return new InvalidMaskException("the mask is " + maskWidth + "x" + maskHeight
                + " pixels but the photo is " + width + "x" + height
                + "; the mask must have the photo's size");
    }

    private static boolean hasHoleInAlpha(float[] alpha) {
        if (alpha == null) {
            return false;
        }
        for (float a : alpha) {
            if (a < 0.5f) {
                return true;
            }
        }
        return false;
    }

    private static float[] fromAlpha(float[] alpha) {
        float[] known = new float[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            known[i] = alpha[i] < 0.5f ? 0f : 1f;
        }
        return known;
    }

    private static boolean isColour(Image image) {
        if (image.channels() == 1) {
            return false;
        }
        float[] p = image.pixels();
        for (int i = 0; i < p.length; i += 3) {
            float max = Math.max(p[i], Math.max(p[i + 1], p[i + 2]));
            float min = Math.min(p[i], Math.min(p[i + 1], p[i + 2]));
            if (max - min > GRAY_SPREAD) {
                return true;
            }
        }
        return false;
    }

    private static float[] fromMagenta(Image image) {
        float[] p = image.pixels();
        float[] known = new float[(int) image.pixelCount()];
        float low = (float) MAGENTA_TOLERANCE;
        float high = 1f - low;
        for (int i = 0; i < known.length; i++) {
            boolean magenta = p[3 * i] >= high && p[3 * i + 1] <= low && p[3 * i + 2] >= high;
            known[i] = magenta ? 0f : 1f;
        }
        return known;
    }

    private static float[] fromGray(Image image) {
        int channels = image.channels();
        float[] p = image.pixels();
        float[] known = new float[(int) image.pixelCount()];
        for (int i = 0; i < known.length; i++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                sum += p[i * channels + c];
            }
            known[i] = sum / channels >= 0.5f ? 1f : 0f;
        }
        return known;
    }

    private static void requireSomeOfEach(float[] known) {
        boolean anyKnown = false;
        boolean anyHole = false;
        for (float k : known) {
            anyKnown |= k > 0f;
            anyHole |= k == 0f;
        }
        if (!anyKnown) {
            throw new InvalidMaskException("the mask marks every pixel to be filled; keep some of"
                    + " the photo (white, unpainted or opaque pixels)");
        }
        if (!anyHole) {
            throw new InvalidMaskException("the mask marks nothing to fill; mark holes black on a"
                    + " white mask, pure magenta (#FF00FF) on the photo, or transparent");
        }
    }
}
