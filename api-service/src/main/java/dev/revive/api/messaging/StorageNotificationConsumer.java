package dev.revive.api.messaging;

import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.job.ArchiveIngest;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.StorageNotification;
import dev.revive.storage.StorageUnavailableException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads MinIO's bucket notifications and hands each new photo under the ingest prefix to {@link ArchiveIngest}.
 * A photo the api would refuse is logged and skipped; a store or broker that is away is waited for a while, and
 * a notification that cannot be read at all goes to the dead-letter topic, so nothing blocks the ones behind it.
 */
@ApplicationScoped
public class StorageNotificationConsumer {
    private static final Logger LOG = Logger.getLogger(StorageNotificationConsumer.class);
    /** About half a minute of waiting for the store or broker, then the notification is dead-lettered. */
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final ArchiveIngest ingest;

    public StorageNotificationConsumer(ArchiveIngest ingest) {
        this.ingest = ingest;
    }

    @Incoming("notifications")
    @Blocking
    @ActivateRequestContext
    public void consume(String payload) throws InterruptedException {
        StorageNotification notification = Json.read(payload, StorageNotification.class);
        for (StorageNotification.Entry entry : notification.records()) {
            try {
                if (ingest.wants(entry)) {
                    JobRecord job = submitWithRetries(entry);
                    LOG.infof("upload %s/%s is job %s", entry.bucket(), entry.key(), job.jobId());
                }
            } catch (ApiProblem refused) {
                LOG.warnf("upload %s/%s not restored: %s", entry.bucket(), entry.key(), refused.getMessage());
            } catch (IllegalArgumentException unreadableKey) {
                LOG.warnf("notification entry skipped: %s", unreadableKey.getMessage());
            }
        }
    }

    private JobRecord submitWithRetries(StorageNotification.Entry entry) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return ingest.ingest(entry);
            } catch (StorageUnavailableException | PublishFailedException away) {
                if (attempt == ATTEMPTS) {
                    throw away;
                }
                LOG.warnf("upload %s/%s waits %s: %s", entry.bucket(), entry.key(), backoff, away.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
