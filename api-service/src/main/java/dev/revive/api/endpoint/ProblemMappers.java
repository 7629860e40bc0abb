package dev.revive.api.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.revive.api.messaging.PublishFailedException;
import dev.revive.storage.StorageUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the api as problem-details JSON; stack traces stay in the log. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Seconds a client should wait before retrying when a dependency is away. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** Seconds a client over its quota should wait: about the shortest restoration, after which a slot may be free. */
    static final String QUOTA_RETRY_AFTER_SECONDS = "30";
    static final String MALFORMED_JSON = "malformed-json";
    static final String STORAGE_UNAVAILABLE = "storage-unavailable";
    static final String QUEUE_UNAVAILABLE = "queue-unavailable";
    static final String INTERNAL = "internal";

    /** The problem code the api answers {@code e} with, as the mappers below choose it. */
    static String codeOf(Throwable e) {
        if (e instanceof ApiProblem problem) {
            return problem.problem().code();
        } else if (e instanceof JsonProcessingException) {
            return MALFORMED_JSON;
        } else if (e instanceof StorageUnavailableException) {
            return STORAGE_UNAVAILABLE;
        } else if (e instanceof PublishFailedException) {
            return QUEUE_UNAVAILABLE;
        } else if (e instanceof WebApplicationException web) {
            return web.getCause() instanceof JsonProcessingException ? MALFORMED_JSON
                    : "http-" + web.getResponse().getStatus();
        }
        return INTERNAL;
    }

    @ServerExceptionMapper
    public Response problem(ApiProblem e) {
        Response response = respond(e.problem());
        return e.problem().status() == 429
                ? Response.fromResponse(response).header("Retry-After", QUOTA_RETRY_AFTER_SECONDS).build()
                : response;
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return respond(Problem.of(400, MALFORMED_JSON, "Bad request",
                "the body is not valid JSON for this endpoint: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response storeDown(StorageUnavailableException e) {
        LOG.warn("store unavailable", e);
        return retryLater(Problem.of(503, STORAGE_UNAVAILABLE, "Service unavailable",
                "the object store is not available; try again shortly"));
    }

    @ServerExceptionMapper
    public Response brokerDown(PublishFailedException e) {
        LOG.warn("publish failed", e);
        return retryLater(Problem.of(503, QUEUE_UNAVAILABLE, "Service unavailable",
                "the request could not be queued; nothing was accepted, try again shortly"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return respond(Problem.of(status, codeOf(e), title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, INTERNAL, "Internal error", "an unexpected error occurred"));
    }

    private static Response retryLater(Problem problem) {
        return Response.fromResponse(respond(problem)).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
