package dev.revive.model;

/**
 * An image Revive cannot use: bytes it cannot read, or a photo that does not fit its request (too small for the
 * method, a mask or guide of the wrong size). The message is meant for the person who sent it. One class for the
 * api and the worker, so that every refusal is reported as {@code unsupported-image}, never as an engine failure.
 */
public class UnsupportedImageException extends RuntimeException {
    public UnsupportedImageException(String message) {
        super(message);
    }

    public UnsupportedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
