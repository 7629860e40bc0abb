package dev.revive.api.job;

/**
 * What a client may ask to be told by, besides HTTP: its own id for the job, carried on every event, and a topic
 * under the reply prefix that gets the final event (the contract's {@code correlationId} and {@code replyTo}).
 */
public record Correlation(String id, String replyTo) {
    public static final Correlation NONE = new Correlation(null, null);

    boolean isNone() {
        return id == null && replyTo == null;
    }
}
