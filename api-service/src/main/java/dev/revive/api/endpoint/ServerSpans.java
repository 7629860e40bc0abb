package dev.revive.api.endpoint;

import dev.revive.tracing.Traced;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A server span for every API request, child of the caller's {@code traceparent} when it sends one, current while
 * the endpoint runs (the filters run on the endpoint's thread), so the request published to Kafka carries it on.
 */
public class ServerSpans {
    private static final String PROPERTY = ServerSpans.class.getName();
    /** Ids in paths, replaced by a placeholder so span names stay few. */
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
            + "-[0-9a-fA-F]{12}");

    private static final TextMapGetter<ContainerRequestContext> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ContainerRequestContext request) {
            return request.getHeaders().keySet();
        }

        @Override
        public String get(ContainerRequestContext request, String key) {
            return request == null ? null : request.getHeaderString(key);
        }
    };

    private final Tracer tracer;

    public ServerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @ServerRequestFilter
    public void start(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
        request.setProperty(PROPERTY, Traced.open(tracer.spanBuilder(request.getMethod() + " "
                + ID.matcher(path).replaceAll("{id}"))
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.path", path)
                .startSpan()));
    }

    @ServerResponseFilter
    public void end(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PROPERTY) instanceof Traced traced) {
            request.removeProperty(PROPERTY);
            traced.span().setAttribute("http.response.status_code", response.getStatus());
            if (response.getStatus() >= 500) {
                traced.span().setStatus(StatusCode.ERROR);
            }
            traced.close();
        }
    }
}
