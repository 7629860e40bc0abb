package dev.revive.model;

/** Bytes that are not an image Revive can read; the message is meant for the person who sent them. */
public class UnsupportedImageException extends RuntimeException {
    public UnsupportedImageException(String message) {
        super(message);
    }

    public UnsupportedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
