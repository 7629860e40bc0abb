package dev.revive.api.security;

import dev.revive.api.endpoint.Problem;
import dev.revive.api.metrics.SubmissionMetrics;
import dev.revive.model.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lets a request to the API through only with a known key, when keys are configured. It guards {@code /v1/}
 * alone: the web page, health, metrics and the API description stay open, so a browser can load the page and
 * ask its user for a key, and probes need none.
 */
@ApplicationScoped
public class ApiKeyGuard {
    /** The header for clients that cannot set {@code Authorization} to a bearer token. */
    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "Bearer ";
    /** After the upload-size guard, which refuses on a header alone, and before any endpoint. */
    private static final int ORDER = Integer.MIN_VALUE + 1;
    private static final Logger LOG = Logger.getLogger(ApiKeyGuard.class);

    void install(@Observes Router router, ApiKeys keys, SubmissionMetrics metrics) {
        if (!keys.required()) {
            LOG.warn("no API keys configured (revive.api.keys): the API is open to anyone who can reach it");
            return;
        }
        router.route("/v1/*").order(ORDER).handler(ctx -> {
            Optional<String> presented = presentedKey(ctx);
            Optional<String> name = presented.flatMap(keys::nameOf);
            if (name.isPresent()) {
                ctx.put(Caller.KEY_NAME, name.get());
                ctx.next();
                return;
            }
            refuse(ctx, presented.isEmpty()
                    ? "this API needs a key: send it as 'Authorization: Bearer <key>' or '" + API_KEY_HEADER + ": <key>'"
                    : "the API key is not one this Revive knows");
            if ("POST".equals(ctx.request().method().name())) {
                metrics.refused(null, null, "unauthenticated");
            }
        });
    }

    private static Optional<String> presentedKey(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        return Optional.ofNullable(ctx.request().getHeader(API_KEY_HEADER)).map(String::trim);
    }

    private static void refuse(RoutingContext ctx, String detail) {
        Problem problem = Problem.of(401, "unauthenticated", "Unauthorized", detail);
        ctx.response().setStatusCode(401)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", "Bearer realm=\"revive\"")
                .end(Json.write(problem));
    }
}
