package dev.revive.worker.webhook;

import java.util.Locale;

/** How a delivery ended; the tag of the webhook counter. */
public enum WebhookOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Given up: every try failed, or the receiver refused it (4xx) or redirected. */
    FAILED,
    /** Never sent: the URL's scheme or address is not allowed. */
    REFUSED,
    /** Never sent: the queue was full, or the worker stopped first. */
    DROPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
