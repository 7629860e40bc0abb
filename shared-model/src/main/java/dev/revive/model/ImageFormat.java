package dev.revive.model;

import java.util.Optional;

/** The image formats Revive accepts, recognised by their leading bytes rather than by what a client claims. */
public enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg"),
    TIFF("image/tiff", "tiff");

    private final String mediaType;
    private final String imageIoName;

    ImageFormat(String mediaType, String imageIoName) {
        this.mediaType = mediaType;
        this.imageIoName = imageIoName;
    }

    public String mediaType() {
        return mediaType;
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
