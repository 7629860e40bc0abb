package dev.revive.worker.webhook;

import dev.revive.model.JobEvent;
import dev.revive.model.Json;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.metrics.WorkerMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** The worker's webhook deliveries, as configured under {@code revive.worker.webhook}, counted by outcome. */
@ApplicationScoped
public class Webhooks {
    private static final Logger LOG = Logger.getLogger(Webhooks.class);

    private final WebhookSender sender;

    public Webhooks(WorkerConfig config, WorkerMetrics metrics) {
        WorkerConfig.Webhook c = config.webhook();
        List<Cidr> allowed = c.allowedNetworks().orElse(List.of()).stream().map(Cidr::parse).toList();
        if (c.secret().isEmpty()) {
            LOG.warn("no revive.worker.webhook.secret: webhooks will be sent unsigned");
        }
        this.sender = new WebhookSender(new WebhookSettings(c.secret(), c.allowHttp(), allowed, c.maxAttempts(),
                c.backoff(), c.maxBackoff(), c.timeout(), c.queueSize()),
                outcome -> metrics.webhook(outcome.wireName()));
    }

    /** Sends a final event to the job's webhook, if it has one, without waiting for the receiver. */
    public void announce(String webhook, JobEvent event) {
        if (webhook != null) {
            sender.send(webhook, event.eventId(), Json.write(event));
        }
    }

    @PreDestroy
    void close() {
        sender.close();
    }
}
