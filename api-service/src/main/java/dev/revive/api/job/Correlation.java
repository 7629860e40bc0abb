package dev.revive.api.job;

/**
 * What a client may ask to be told by, besides HTTP: its own id for the job, carried on every event, a topic under
 * the reply prefix that gets the final event (the contract's {@code correlationId} and {@code replyTo}), and a
 * webhook the worker POSTs the final event to.
 */
public record Correlation(String id, String replyTo, String webhook) {
    public static final Correlation NONE = new Correlation(null, null, null);

    boolean isNone() {
        return id == null && replyTo == null && webhook == null;
    }
}
