package dev.revive.worker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EXIF (orientation, dates, camera), ICC, XMP and PNG text survive decode and encode. */
class ImageMetadataTest {

    @Test
    void jpegKeepsExifIccAndXmpInBothByteOrders() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            byte[] file = TestFiles.jpeg(ImageRoundTripTest.smooth(BufferedImage.TYPE_3BYTE_BGR),
                    TestFiles.exifSegment(TestFiles.exif(order, 6)),
                    TestFiles.xmpSegment(TestFiles.XMP),
                    TestFiles.iccSegment(TestFiles.iccProfile()));
            DecodedImage source = ImageCodec.decode(file);
            assertCameraMetadata(source.metadata(), 6);
            assertEquals(Optional.of(TestFiles.XMP), source.metadata().xmp());
            // orientation is a tag for viewers: the pixels are not turned
            assertEquals(40, source.color().width());
            assertEquals(30, source.color().height());

            byte[] written = ImageCodec.encode(source.color(), source);
            DecodedImage result = ImageCodec.decode(written);
            assertCameraMetadata(result.metadata(), 6);
            assertEquals(Optional.of(TestFiles.XMP), result.metadata().xmp());
            assertArrayEquals(TestFiles.exif(order, 6), JpegSegments.read(written).exif(),
                    "EXIF copied byte for byte");
            assertEquals(40, result.color().width());
        }
    }

    /** The JDK converts ICC-tagged JPEGs to sRGB by default; the codec keeps the file's values. */
    @Test
    void jpegWithProfileKeepsItsSampleValues() {
        BufferedImage picture = ImageRoundTripTest.smooth(BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage plain = ImageCodec.decode(TestFiles.jpeg(picture));
        DecodedImage tagged = ImageCodec.decode(TestFiles.jpeg(picture,
                TestFiles.iccSegment(TestFiles.iccProfile())));
        assertArrayEquals(plain.color().pixels(), tagged.color().pixels());
        DecodedImage again = ImageCodec.decode(ImageCodec.encode(tagged.color(), tagged));
        assertTrue(Metrics.psnr(tagged.color(), again.color()) > 38);
    }

    @Test
    void pngKeepsExifIccXmpTextTimeAndDensity() {
        byte[] time = TestFiles.chunk("tIME", new byte[] {0x07, (byte) 0xE3, 7, 14, 10, 20, 30});
        byte[] density = TestFiles.chunk("pHYs", new byte[] {0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1});
        for (int bits : new int[] {8, 16}) {
            Image image = ImageRoundTripTest.quantized(6, 4, 3, (1 << bits) - 1, bits);
            byte[] file = TestFiles.png(ImageCodec.encodePng(image, null, bits),
                    TestFiles.iccpChunk(TestFiles.iccProfile()),
                    TestFiles.chunk("eXIf", TestFiles.exif(ByteOrder.BIG_ENDIAN, 8)),
                    TestFiles.textChunk("Title", "Grandma's garden"),
                    TestFiles.xmpChunk(TestFiles.XMP), time, density);
            DecodedImage source = ImageCodec.decode(file);
            assertCameraMetadata(source.metadata(), 8);
            assertEquals("Grandma's garden", source.metadata().text().get("Title"));

            byte[] written = ImageCodec.encode(source.color(), source);
            DecodedImage result = ImageCodec.decode(written);
            assertEquals(bits, result.bitDepth());
            assertArrayEquals(image.pixels(), result.color().pixels());
            assertCameraMetadata(result.metadata(), 8);
            assertEquals(source.metadata().text(), result.metadata().text());
            assertEquals(Optional.of(TestFiles.XMP), result.metadata().xmp());
            List<byte[]> chunks = PngChunks.read(written).carried();
            assertTrue(chunks.stream().anyMatch(c -> Arrays.equals(c, time)), "tIME");
            assertTrue(chunks.stream().anyMatch(c -> Arrays.equals(c, density)), "pHYs");
        }
    }

    @Test
    void tiffKeepsCameraTagsIccAndXmp() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            TiffBuilder tags = TestFiles.cameraTags(order, 3)
                    .bytes(34675, 7, TestFiles.iccProfile())
                    .bytes(700, 1, TestFiles.XMP.getBytes(StandardCharsets.UTF_8))
                    .rational(282, 300, 1).rational(283, 300, 1).shorts(296, 2);
            byte[] strip = new byte[5 * 4 * 3];
            for (int i = 0; i < strip.length; i++) {
                strip[i] = (byte) (i * 4);
            }
            byte[] file = tags.longs(256, 5).longs(257, 4).shorts(258, 8, 8, 8).shorts(259, 1)
                    .shorts(262, 2).longs(273, 8).shorts(277, 3).longs(278, 4)
                    .longs(279, strip.length).build(strip);
            DecodedImage source = ImageCodec.decode(file);
            assertCameraMetadata(source.metadata(), 3);
            assertEquals(Optional.of(TestFiles.XMP), source.metadata().xmp());
            assertEquals(strip[7] & 0xFF, Math.round(source.color().pixels()[7] * 255));

            byte[] written = ImageCodec.encode(source.color(), source);
            DecodedImage result = ImageCodec.decode(written);
            assertCameraMetadata(result.metadata(), 3);
            assertEquals(Optional.of(TestFiles.XMP), result.metadata().xmp());
            assertArrayEquals(source.color().pixels(), result.color().pixels());
            TiffTags writtenTags = TiffTags.parse(written);
            assertEquals(Optional.of(2), writtenTags.integer(296), "resolution unit: inches");
        }
    }

    @Test
    void sixteenBitTiffWithPredictorKeepsItsTags() {
        int[] samples = TestFiles.randomSamples(4 * 3, 65535, 8);
        byte[] file = TestFiles.tiff16Predicted(4, 3, samples,
                TestFiles.cameraTags(ByteOrder.LITTLE_ENDIAN, 5).bytes(34675, 7, TestFiles.iccProfile()));
        DecodedImage source = ImageCodec.decode(file);
        DecodedImage result = ImageCodec.decode(ImageCodec.encode(source.color(), source));
        assertCameraMetadata(result.metadata(), 5);
        assertEquals(16, result.bitDepth());
        assertArrayEquals(source.color().pixels(), result.color().pixels());
    }

    @Test
    void damagedExifIsStillCarriedButNotInterpreted() {
        byte[] broken = "MM\0*\0\0\0\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = TestFiles.jpeg(ImageRoundTripTest.smooth(BufferedImage.TYPE_3BYTE_BGR),
                TestFiles.exifSegment(broken));
        DecodedImage source = ImageCodec.decode(file);
        assertEquals(1, source.metadata().orientation());
        byte[] written = ImageCodec.encode(source.color(), source);
        assertArrayEquals(broken, JpegSegments.read(written).exif());
    }

    private static void assertCameraMetadata(ImageMetadata metadata, int orientation) {
        assertEquals(orientation, metadata.orientation(), metadata.toString());
        assertEquals(Optional.of(TestFiles.MODEL), metadata.cameraModel());
        assertEquals(Optional.of(TestFiles.TAKEN), metadata.dateTime());
        assertArrayEquals(TestFiles.iccProfile(), metadata.iccProfile().orElseThrow());
    }
}
