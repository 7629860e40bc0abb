package dev.revive.api.messaging;

import dev.revive.messaging.TopicDefaults;
import dev.revive.model.Topics;
import java.util.Map;

/** The api's channels: restoration requests and training requests out. */
public class ApiTopics extends TopicDefaults {
    public ApiTopics() {
        super(Map.of("mp.messaging.outgoing.requests.topic", Topics.REQUESTS,
                "mp.messaging.outgoing.training.topic", Topics.TRAINING));
    }
}
