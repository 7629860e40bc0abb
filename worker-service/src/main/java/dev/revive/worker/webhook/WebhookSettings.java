package dev.revive.worker.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How webhooks are delivered.
 *
 * @param secret       the HMAC key of the signature; without one deliveries go unsigned
 * @param allowHttp    whether plain http URLs are called (https only otherwise)
 * @param allowed      address blocks called even though the policy refuses their kind
 * @param maxAttempts  tries of one delivery, the first included
 * @param backoff      wait before the second try, doubling up to {@code maxBackoff}
 * @param timeout      for connecting and for the answer, per try
 * @param queueSize    deliveries pending at most; more are dropped (logged and counted)
 */
public record WebhookSettings(Optional<String> secret, boolean allowHttp, List<Cidr> allowed, int maxAttempts,
        Duration backoff, Duration maxBackoff, Duration timeout, int queueSize) {

    /** The wait after try {@code attempt} failed. */
    Duration waitAfter(int attempt) {
        Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
