package dev.revive.model;

import java.util.Optional;

/**
 * The image formats Revive accepts, recognised by their leading bytes rather than by what a client claims. A result
 * is written in its input's format, so its content type and file extension come from here too.
 */
public enum ImageFormat {
    PNG("image/png", "png", "png"),
    JPEG("image/jpeg", "jpg", "jpeg"),
    TIFF("image/tiff", "tiff", "tiff");

    private final String mediaType;
    private final String extension;
    private final String imageIoName;

    ImageFormat(String mediaType, String extension, String imageIoName) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.imageIoName = imageIoName;
    }

    /** The media type, e.g. "image/png". */
    public String mediaType() {
        return mediaType;
    }

    /** The usual file name extension without the dot: "png", "jpg", "tiff". */
    public String extension() {
        return extension;
    }

    String imageIoName() {
        return imageIoName;
    }

    public static Optional<ImageFormat> sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data == null || data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
