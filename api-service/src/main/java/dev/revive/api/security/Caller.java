package dev.revive.api.security;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Who sent the current request, as far as the API knows: the name of its key, which the key guard noted. Jobs and
 * models carry that name as their owner, and only their owner sees them.
 */
@RequestScoped
public class Caller {
    static final String KEY_NAME = "revive.api-key-name";

    private final RoutingContext request;

    public Caller(RoutingContext request) {
        this.request = request;
    }

    /** The name of the request's API key; empty when the API is open (no keys configured). */
    public Optional<String> keyName() {
        return Optional.ofNullable(request.get(KEY_NAME));
    }

    /**
     * Whether the caller may see a job or model of this owner: its own; anything when the API is open; and one
     * without an owner, which a pipeline produced straight to Kafka or someone submitted while the API was open.
     */
    public boolean mayAccess(String owner) {
        return owner == null || keyName().map(owner::equals).orElse(true);
    }
}
