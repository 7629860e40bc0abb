package dev.revive.api.security;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
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

    private final CurrentVertxRequest request;

    public Caller(CurrentVertxRequest request) {
        this.request = request;
    }

    /**
     * The name of the request's API key; empty when the API is open (no keys configured), and for work that did
     * not come over HTTP (uploads announced by the store), which belongs to no key.
     */
    public Optional<String> keyName() {
        RoutingContext current = request.getCurrent();
        return current == null ? Optional.empty() : Optional.ofNullable(current.get(KEY_NAME));
    }

    /**
     * Whether the caller may see a job or model of this owner: its own; anything when the API is open; and one
     * without an owner, which a pipeline produced straight to Kafka or someone submitted while the API was open.
     */
    public boolean mayAccess(String owner) {
        return owner == null || keyName().map(owner::equals).orElse(true);
    }
}
