package dev.revive.worker.messaging;

/** The broker did not take an event in time; the job is retried rather than finished unannounced. */
public class EventPublishException extends RuntimeException {
    public EventPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
