package dev.revive.worker.messaging;

import dev.revive.model.Topics;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Binds the channels to the topic names of the contract, at an ordinal below application.properties so a
 * deployment can still rename them.
 */
public class TopicDefaults implements ConfigSource {
    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming.requests.topic", Topics.REQUESTS,
            "mp.messaging.incoming.requests.dead-letter-queue.topic", Topics.REQUESTS_DEAD_LETTER,
            "mp.messaging.outgoing.events.topic", Topics.EVENTS);

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "revive-topic-defaults";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
