package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageProbeTest {

    static byte[] encode(String format, int width, int height) {
        return TestImages.encode(format, width, height);
    }

    @Test
    void readsFormatAndSizeOfEachAcceptedFormat() throws IOException {
        assertEquals(new ImageInfo(ImageFormat.PNG, 31, 17), ImageProbe.probe(encode("png", 31, 17)));
        assertEquals(new ImageInfo(ImageFormat.JPEG, 40, 8), ImageProbe.probe(encode("jpeg", 40, 8)));
        assertEquals(new ImageInfo(ImageFormat.TIFF, 5, 9), ImageProbe.probe(encode("tiff", 5, 9)));
    }

    @Test
    void readsAGiantDeclaredSizeWithoutDecoding() {
        ImageInfo bomb = ImageProbe.probe(TestImages.pngHeaderOnly(100_000, 100_000));
        assertEquals(10_000_000_000L, bomb.pixels());
        ImageInfo tiffBomb = ImageProbe.probe(TestImages.tiffHeaderOnly(100_000, 100_000));
        assertEquals(new ImageInfo(ImageFormat.TIFF, 100_000, 100_000), tiffBomb);
    }

    @Test
    void namesEachFormatsContentTypeAndExtension() {
        assertEquals("image/png", ImageFormat.PNG.mediaType());
        assertEquals("png", ImageFormat.PNG.extension());
        assertEquals("image/jpeg", ImageFormat.JPEG.mediaType());
        assertEquals("jpg", ImageFormat.JPEG.extension());
        assertEquals("image/tiff", ImageFormat.TIFF.mediaType());
        assertEquals("tiff", ImageFormat.TIFF.extension());
    }

    @Test
    void refusesWhatIsNotAnImage() throws IOException {
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe(new byte[0]));
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe("GIF89a....".getBytes()));
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe("<svg></svg>".getBytes()));
        byte[] png = encode("png", 8, 8);
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe(Arrays.copyOf(png, 12)));
        byte[] tiff = encode("tiff", 8, 8);
        assertThrows(UnsupportedImageException.class, () -> ImageProbe.probe(Arrays.copyOf(tiff, 6)));
    }
}
