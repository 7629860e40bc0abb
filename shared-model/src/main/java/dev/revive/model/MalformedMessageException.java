package dev.revive.model;

/** A message or record that is not valid JSON of the expected contract type. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
