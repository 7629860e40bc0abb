package dev.revive.worker.messaging;

/** A request that can never be processed; it goes to the dead-letter topic with this message as the reason. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String reason) {
        super(reason);
    }
}
