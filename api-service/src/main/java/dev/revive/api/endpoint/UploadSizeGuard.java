package dev.revive.api.endpoint;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.config.BatchConfig;
import dev.revive.api.metrics.SubmissionMetrics;
import dev.revive.model.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared length is over the limit before its body is read, with the same
 * problem-details answer as every other error (the HTTP layer's own limit would close with a bare 413). A batch
 * body, JSON alone, has a limit of its own ({@code revive.api.batches.max-body-size}).
 */
@ApplicationScoped
public class UploadSizeGuard {
    /** Room for multipart boundaries and the other form fields around the images. */
    private static final long FORM_OVERHEAD = 64 * 1024;
    /** The photo, and its mask or guide; each part is checked against the per-image limit once read. */
    private static final int IMAGES_PER_REQUEST = 3;

    void install(@Observes Router router, ApiConfig config, BatchConfig batches, SubmissionMetrics metrics) {
        long uploads = IMAGES_PER_REQUEST * config.maxUploadSize().asLongValue() + FORM_OVERHEAD;
        long batchBodies = Math.min(uploads, batches.maxBodySize().asLongValue());
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long limit = BatchResource.PATH.equals(ctx.request().path()) ? batchBodies : uploads;
            if (length != null && parse(length) > limit) {
                Problem problem = Problem.of(413, "too-large", "Payload too large",
                        "the request has " + length + " bytes; the limit is " + limit);
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(Json.write(problem));
                if (isSubmission(ctx.request().method().name(), ctx.request().path())) {
                    metrics.refused(null, null, problem.code());
                }
                return;
            }
            ctx.next();
        });
    }

    private static boolean isSubmission(String method, String path) {
        return "POST".equals(method) && RestorationResource.PATH.equals(path);
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
