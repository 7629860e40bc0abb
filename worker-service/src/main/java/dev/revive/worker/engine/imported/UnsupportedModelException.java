package dev.revive.worker.engine.imported;

/** A SavedModel that cannot or must not be served as a denoiser; the message says why, for its owner. */
public class UnsupportedModelException extends RuntimeException {
    public UnsupportedModelException(String message) {
        super(message);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
