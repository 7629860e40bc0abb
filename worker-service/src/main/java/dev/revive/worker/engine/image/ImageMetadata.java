package dev.revive.worker.engine.image;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Everything about a photo that is not its pixels: EXIF (camera, dates, orientation, GPS), ICC
 * profile, XMP, IPTC, PNG text, time and density. The encoder writes it back verbatim so a restored
 * photo still shows the right way up, in the right colours, with its history.
 *
 * <p>Opaque on purpose: it is kept in the source file's own form (JPEG segments, PNG chunks, TIFF
 * tags), because re-expressing it would lose what no library models. The accessors are read-only
 * views for display and tests. The orientation is a tag, never applied to the pixels.
 */
public final class ImageMetadata {

    /** A file with nothing to carry over. */
    public static final ImageMetadata NONE =
            new ImageMetadata(null, null, null, null, null, Map.of(), 0);

    private static final String XMP_KEYWORD = "XML:com.adobe.xmp";

    private final JpegSegments jpeg;
    private final PngChunks png;
    private final TiffTags tiff;
    private final TiffTags exif;
    private final int tiffCompression;
    private final byte[] iccProfile;
    private final Map<String, String> text;

    private ImageMetadata(JpegSegments jpeg, PngChunks png, TiffTags tiff, TiffTags exif,
            byte[] iccProfile, Map<String, String> text, int tiffCompression) {
        this.jpeg = jpeg;
        this.png = png;
        this.tiff = tiff;
        this.exif = exif;
        this.iccProfile = iccProfile;
        this.text = Map.copyOf(text);
        this.tiffCompression = tiffCompression;
    }

    static ImageMetadata ofJpeg(JpegSegments segments) {
        return new ImageMetadata(segments, null, null, parseQuietly(segments.exif()),
                segments.iccProfile(), xmpAsText(segments.xmp()), 0);
    }

    static ImageMetadata ofPng(PngChunks chunks) {
        return new ImageMetadata(null, chunks, null, parseQuietly(chunks.exif()),
                chunks.iccProfile(), chunks.text(), 0);
    }

    /**
     * @param carried the descriptive IFD0 tags of a TIFF file, see {@link TiffFields#CARRIED}
     * @param compression the file's Compression tag, so the result can be written the same way
     */
    static ImageMetadata ofTiff(TiffTags carried, int compression) {
        byte[] icc = carried.find(TiffFields.ICC_PROFILE).map(TiffTags.Entry::value).orElse(null);
        String xmp = carried.find(TiffFields.XMP).filter(e -> !e.isDirectory())
                .map(e -> new String(e.value(), StandardCharsets.UTF_8)).orElse(null);
        return new ImageMetadata(null, null, carried, carried, icc, xmpAsText(xmp), compression);
    }

    private static TiffTags parseQuietly(byte[] exif) {
        if (exif == null) {
            return null;
        }
        try {
            return TiffTags.parse(exif);
        } catch (RuntimeException e) {
            return null; // still carried byte for byte; only the readable views are lost
        }
    }

    private static Map<String, String> xmpAsText(String xmp) {
        return xmp == null ? Map.of() : Map.of(XMP_KEYWORD, xmp);
    }

    /** The EXIF orientation, 1 (as stored) to 8; 1 when absent or invalid. */
    public int orientation() {
        if (exif == null) {
            return 1;
        }
        int value = exif.integer(TiffTags.ORIENTATION).orElse(1);
        return value >= 1 && value <= 8 ? value : 1;
    }

    /** The camera model tag. */
    public Optional<String> cameraModel() {
        return exif == null ? Optional.empty() : exif.text(TiffTags.MODEL);
    }

    /** When the photo was taken (EXIF DateTimeOriginal), else when the file was last changed. */
    public Optional<String> dateTime() {
        if (exif == null) {
            return Optional.empty();
        }
        return exif.text(TiffTags.DATE_TIME_ORIGINAL).or(() -> exif.text(TiffTags.DATE_TIME));
    }

    /** The embedded ICC colour profile; the pixels are in its space, not converted to sRGB. */
    public Optional<byte[]> iccProfile() {
        return Optional.ofNullable(iccProfile).map(byte[]::clone);
    }

    /** The XMP packet. */
    public Optional<String> xmp() {
        return Optional.ofNullable(text.get(XMP_KEYWORD));
    }

    /** PNG text chunks by keyword (XMP included, under "XML:com.adobe.xmp"). */
    public Map<String, String> text() {
        return text;
    }

    JpegSegments jpeg() {
        return jpeg;
    }

    PngChunks png() {
        return png;
    }

    TiffTags tiff() {
        return tiff;
    }

    /** The source TIFF's Compression tag value, 0 for other formats. */
    int tiffCompression() {
        return tiffCompression;
    }

    @Override
    public String toString() {
        return "ImageMetadata[orientation=" + orientation() + ", model=" + cameraModel().orElse("-")
                + ", date=" + dateTime().orElse("-") + ", icc=" + (iccProfile != null)
                + ", text=" + text.keySet() + "]";
    }
}
