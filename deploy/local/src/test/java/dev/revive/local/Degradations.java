package dev.revive.local;

import dev.revive.worker.engine.image.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** What the end-to-end tests do to a clean photo so that each task has something to restore. */
final class Degradations {

    private Degradations() {
    }

    /** Half the size, each pixel the mean of a 2x2 block. */
    static Image halved(Image image) {
        int width = image.width() / 2;
        int height = image.height() / 2;
        int channels = image.channels();
        float[] out = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    float sum = image.pixel(2 * x, 2 * y, c) + image.pixel(2 * x + 1, 2 * y, c)
                            + image.pixel(2 * x, 2 * y + 1, c) + image.pixel(2 * x + 1, 2 * y + 1, c);
                    out[(y * width + x) * channels + c] = Math.min(1f, sum / 4);
                }
            }
        }
        return new Image(width, height, channels, out);
    }

    static Image nearestDoubled(Image image) {
        int width = image.width() * 2;
        int height = image.height() * 2;
        int channels = image.channels();
        float[] out = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    out[(y * width + x) * channels + c] = image.pixel(x / 2, y / 2, c);
                }
            }
        }
        return new Image(width, height, channels, out);
    }

    /** A known-pixel map with thin diagonal scratches (0) across an otherwise known (1) photo. */
    static float[] scratches(int width, int height) {
        float[] known = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                known[y * width + x] = Math.floorMod(x + y, 11) < 2 || Math.floorMod(x - 2 * y, 23) == 0 ? 0f : 1f;
            }
        }
        return known;
    }

    /** The photo with its unknown pixels black, as a scratched print looks to the network. */
    static Image withHoles(Image image, float[] known) {
        float[] out = image.pixels().clone();
        int channels = image.channels();
        for (int p = 0; p < known.length; p++) {
            for (int c = 0; c < channels; c++) {
                out[p * channels + c] *= known[p];
            }
        }
        return new Image(image.width(), image.height(), channels, out);
    }

    static Image darker(Image image, float factor) {
        float[] out = image.pixels().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return new Image(image.width(), image.height(), image.channels(), out);
    }

    /** The photo as a JPEG of the given quality (0 to 1). */
    static byte[] jpeg(Image image, float quality) {
        BufferedImage rgb = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int r = Math.round(image.pixel(x, y, 0) * 255);
                int g = Math.round(image.pixel(x, y, 1) * 255);
                int b = Math.round(image.pixel(x, y, 2) * 255);
                rgb.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
