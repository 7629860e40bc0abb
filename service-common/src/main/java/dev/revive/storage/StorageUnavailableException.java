package dev.revive.storage;

/** The store did not answer or refused an operation that should have worked. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
