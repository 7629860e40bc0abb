package dev.revive.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads format and dimensions from an image's header only, so a decompression bomb is refused before a
 * single pixel is allocated.
 */
public final class ImageProbe {
    private ImageProbe() {
    }

    /** @throws UnsupportedImageException when the bytes are not a readable PNG, JPEG or TIFF header */
    public static ImageInfo probe(byte[] bytes) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new UnsupportedImageException(
                "not a PNG, JPEG or TIFF image"));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
            if (!readers.hasNext()) {
                throw new UnsupportedImageException("no reader for " + format.mediaType());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new UnsupportedImageException("the image has no pixels");
                }
                return new ImageInfo(format, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnsupportedImageException u) {
                throw u;
            }
            throw new UnsupportedImageException("the " + format.mediaType() + " header is unreadable", e);
        }
    }
}
