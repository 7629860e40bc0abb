package dev.revive.api.messaging;

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
            "mp.messaging.outgoing.requests.topic", Topics.REQUESTS);

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
