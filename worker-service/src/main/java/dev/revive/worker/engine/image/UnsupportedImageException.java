package dev.revive.worker.engine.image;

/** The bytes are not an image the engine can restore; the message is meant for the user. */
public class UnsupportedImageException extends RuntimeException {

    public UnsupportedImageException(String message) {
        super(message);
    }

    public UnsupportedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
