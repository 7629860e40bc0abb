package dev.revive.worker.webhook;

import dev.revive.model.WebhookUrls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Delivers job events to webhooks off the job's thread: a bounded number of pending deliveries, each retried
 * with doubling waits on a network error, 408, 429 or 5xx, never following a redirect, and never calling an
 * address the {@link AddressPolicy} refuses. Every delivery ends in exactly one {@link WebhookOutcome}, logged
 * when it is not a success.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    /** The header that names the event, for receivers that drop duplicates. */
    public static final String EVENT_ID_HEADER = "Revive-Event-Id";

    private final WebhookSettings settings;
    private final AddressPolicy policy;
    private final Consumer<WebhookOutcome> outcomes;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Semaphore room;
    private final Clock clock;

    public WebhookSender(WebhookSettings settings, Consumer<WebhookOutcome> outcomes) {
        this(settings, outcomes, Clock.systemUTC());
    }

    WebhookSender(WebhookSettings settings, Consumer<WebhookOutcome> outcomes, Clock clock) {
        this.settings = settings;
        this.policy = new AddressPolicy(settings.allowed());
        this.outcomes = outcomes;
        this.clock = clock;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout()).build();
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "revive-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        this.room = new Semaphore(settings.queueSize());
    }

    /**
     * Queues {@code body} (the event's JSON) for {@code url} and returns at once.
     *
     * @return false when it was dropped because too many deliveries are pending
     */
    public boolean send(String url, String eventId, String body) {
        if (!room.tryAcquire()) {
            end(WebhookOutcome.DROPPED, url, eventId, settings.queueSize() + " deliveries are pending already");
            return false;
        }
        Delivery delivery = new Delivery(url, eventId, body);
        try {
            scheduler.execute(() -> attempt(delivery, 1));
        } catch (RejectedExecutionException e) {
            end(WebhookOutcome.DROPPED, delivery, "the worker is stopping");
        }
        return true;
    }

    private record Delivery(String url, String eventId, String body) {
    }

    private void attempt(Delivery delivery, int attempt) {
        Optional<String> refusal = refusal(delivery.url());
        if (refusal.isPresent()) {
            end(WebhookOutcome.REFUSED, delivery, refusal.get());
            return;
        }
        String problem;
        try {
            HttpResponse<Void> response = client.send(request(delivery), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                end(WebhookOutcome.DELIVERED, delivery, null);
                return;
            }
            if (status >= 300 && status < 400) {
                end(WebhookOutcome.FAILED, delivery, "it answered " + status + " and redirects are not followed");
                return;
            }
            if (status != 408 && status != 429 && status < 500) {
                end(WebhookOutcome.FAILED, delivery, "it answered " + status);
                return;
            }
            problem = "it answered " + status;
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(WebhookOutcome.DROPPED, delivery, "the worker is stopping");
            return;
        }
        if (attempt >= settings.maxAttempts()) {
            end(WebhookOutcome.FAILED, delivery, "gave up after " + attempt + " tries; " + problem);
            return;
        }
        LOG.debugf("webhook for %s: %s; trying again", delivery.eventId(), problem);
        try {
            scheduler.schedule(() -> attempt(delivery, attempt + 1), settings.waitAfter(attempt).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            end(WebhookOutcome.DROPPED, delivery, "the worker is stopping");
        }
    }

    /** Why the worker will not call {@code url}: its scheme, or an address its host resolves to. */
    Optional<String> refusal(String url) {
        Optional<String> malformed = WebhookUrls.problem(url);
        if (malformed.isPresent()) {
            return malformed;
        }
        if (!settings.allowHttp() && WebhookUrls.isPlainHttp(url)) {
            return Optional.of("plain http is not allowed here (revive.worker.webhook.allow-http)");
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refusal(address);
            if (refused.isPresent()) {
                return Optional.of("the host " + host + " resolves to " + refused.get());
            }
        }
        return Optional.empty();
    }

    private HttpRequest request(Delivery delivery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Revive-Webhook/1")
                .header(EVENT_ID_HEADER, delivery.eventId())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
        settings.secret().ifPresent(secret -> builder.header(WebhookSignature.HEADER,
                WebhookSignature.header(secret, clock.instant().getEpochSecond(), delivery.body())));
        return builder.build();
    }

    private void end(WebhookOutcome outcome, Delivery delivery, String why) {
        room.release();
        end(outcome, delivery.url(), delivery.eventId(), why);
    }

    private void end(WebhookOutcome outcome, String url, String eventId, String why) {
        if (outcome != WebhookOutcome.DELIVERED) {
            LOG.warnf("webhook %s for event %s: %s (%s)", outcome.wireName(), eventId, why, redacted(url));
        }
        outcomes.accept(outcome);
    }

    /** The URL without its query, which may hold a receiver's token. */
    private static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    /** Deliveries still pending are dropped, each logged and counted. */
    @Override
    public void close() {
        List<Runnable> pending = scheduler.shutdownNow();
        for (int i = 0; i < pending.size(); i++) {
            outcomes.accept(WebhookOutcome.DROPPED);
        }
        if (!pending.isEmpty()) {
            LOG.warnf("webhook: %d deliveries dropped as the worker stops", pending.size());
        }
    }
}
