package dev.revive.api.messaging;

import dev.revive.messaging.TopicDefaults;
import dev.revive.model.Topics;
import java.util.Map;

/** The api's channels: restoration, training and import requests out, the store's notifications in. */
public class ApiTopics extends TopicDefaults {
    public ApiTopics() {
        super(Map.of("mp.messaging.outgoing.requests.topic", Topics.REQUESTS,
                "mp.messaging.outgoing.training.topic", Topics.TRAINING,
                "mp.messaging.outgoing.imports.topic", Topics.IMPORTS,
                "mp.messaging.incoming.notifications.topic", Topics.STORAGE_NOTIFICATIONS,
                "mp.messaging.incoming.notifications.dead-letter-queue.topic", Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER));
    }
}
