package dev.revive.api.messaging;

/** The broker did not take the request; the client should retry later. */
public class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
