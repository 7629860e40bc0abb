package dev.revive.api.messaging;

import dev.revive.messaging.TopicDefaults;
import dev.revive.model.Topics;
import java.util.Map;

/**
 * The api's channels: restoration requests (both lanes), training and import requests out, batches out and back in
 * to be expanded, the store's notifications in.
 */
public class ApiTopics extends TopicDefaults {
    public ApiTopics() {
        super(Map.ofEntries(
                Map.entry("mp.messaging.outgoing.requests.topic", Topics.REQUESTS),
                Map.entry("mp.messaging.outgoing.bulk-requests.topic", Topics.REQUESTS_BULK),
                Map.entry("mp.messaging.outgoing.training.topic", Topics.TRAINING),
                Map.entry("mp.messaging.outgoing.imports.topic", Topics.IMPORTS),
                Map.entry("mp.messaging.outgoing.batches.topic", Topics.BATCHES),
                Map.entry("mp.messaging.incoming.batch-expansion.topic", Topics.BATCHES),
                Map.entry("mp.messaging.incoming.batch-expansion.dead-letter-queue.topic",
                        Topics.BATCHES_DEAD_LETTER),
                Map.entry("mp.messaging.incoming.notifications.topic", Topics.STORAGE_NOTIFICATIONS),
                Map.entry("mp.messaging.incoming.notifications.dead-letter-queue.topic",
                        Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER)));
    }
}
