package dev.revive.messaging;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Binds a service's channels to the topic names of the contract ({@code dev.revive.model.Topics}), at an
 * ordinal below application.properties so a deployment can still rename them. Each service lists only its
 * own channels: configuration for a channel a service lacks would make SmallRye try to build it.
 */
public abstract class TopicDefaults implements ConfigSource {
    private final Map<String, String> properties;

    protected TopicDefaults(Map<String, String> channelTopics) {
        this.properties = Map.copyOf(channelTopics);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
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
