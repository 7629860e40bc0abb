package dev.revive.api.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revive.api.job.Correlation;
import dev.revive.api.job.Jobs;
import dev.revive.api.job.SubmissionService;
import dev.revive.api.job.SubmittedImages;
import dev.revive.api.metrics.SubmissionMetrics;
import dev.revive.model.ImageFormat;
import dev.revive.model.JobKeys;
import dev.revive.model.JobRecord;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Lane;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Method;
import dev.revive.model.Task;
import dev.revive.storage.ObjectStore;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path(RestorationResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RestorationResource {
    static final String PATH = "/v1/restorations";
    /** A client's key for retrying a submission safely (IETF draft "The Idempotency-Key HTTP Header Field"). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final ObjectMapper STRICT = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final SubmissionService submissions;
    private final Jobs jobs;
    private final ObjectStore store;
    private final SubmissionMetrics metrics;

    public RestorationResource(SubmissionService submissions, Jobs jobs, ObjectStore store,
            SubmissionMetrics metrics) {
        this.submissions = submissions;
        this.jobs = jobs;
        this.store = store;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Restore an uploaded image",
            description = "Parts: image (PNG, JPEG or TIFF file), task (denoise, super-resolve, inpaint, dejpeg,"
                    + " flash-guided), method (optional: dip, the default; or for denoise noise2void,"
                    + " neighbor2neighbor, self2self, blind-spot, or model with the part model = a trained model's id), options (optional JSON object), mask (inpaint: white = known,"
                    + " black = fill), guide (flash-guided: the flash photo), correlationId (optional: your id for"
                    + " the job, on every Kafka event of it), replyTo (optional: a topic under the reply prefix that"
                    + " gets the final event), webhook (optional: an https URL that gets the final event, signed).")
    public Response upload(@BeanParam UploadForm form, @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        return counted(form.task, form.method, () -> {
            if (form.image == null) {
                throw ApiProblem.badRequest("missing-image", "the form has no 'image' file part");
            }
            Task task = task(form.task);
            Method method = method(form.method);
            RestorationOptions options = options(form.options);
            SubmittedImages images = new SubmittedImages(bytes(form.image), bytes(form.mask), bytes(form.guide));
            return submissions.submitUpload(task, method, blankToNull(form.model), images, options,
                    new Correlation(emptyToNull(form.correlationId), emptyToNull(form.replyTo),
                            blankToNull(form.webhook)), idempotencyKey);
        });
    }

    private byte[] bytes(FileUpload part) {
        if (part == null) {
            return null;
        }
        submissions.requireAllowedSize(part.size());
        try {
            byte[] bytes = Files.readAllBytes(part.uploadedFile());
            metrics.uploaded(bytes.length);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore an image already in the store")
    @RequestBody(content = @Content(schema = @Schema(implementation = ReferenceSubmission.class)))
    public Response reference(JsonNode json, @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        return counted(text(json, "task"), text(json, "method"), () -> {
            ReferenceSubmission body = strict(json, ReferenceSubmission.class, ProblemMappers.MALFORMED_JSON,
                    "the body must be a JSON object of task, method, input, options, the mask or guide the task"
                            + " needs, and optionally correlationId, replyTo and webhook");
            RestorationOptions options = body.options() == null ? RestorationOptions.NONE : body.options();
            return submissions.submitReference(task(body.task()), method(body.method()), body.model(),
                    body.input(), body.mask(), body.guide(), options,
                    new Correlation(body.correlationId(), body.replyTo(), body.webhook()), idempotencyKey, Lane.INTERACTIVE);
        });
    }

    /** Runs a submission and counts its outcome, with the problem code the client will get if it is refused. */
    private Response counted(String task, String method, Supplier<JobRecord> submission) {
        JobRecord job;
        try {
            job = submission.get();
        } catch (RuntimeException e) {
            metrics.refused(task, method, ProblemMappers.codeOf(e));
            throw e;
        }
        metrics.accepted(job.task(), job.method());
        return accepted(job);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** An empty form field is an absent one; spaces are kept, a correlation id may hold them. */
    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String text(JsonNode json, String field) {
        return json == null ? null : json.path(field).textValue();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Status, progress and result link of a job")
    public JobView get(@RestPath String id) {
        return view(jobs.find(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a queued or running job",
            description = "202: the job stops within a few seconds and is recorded cancelled. 409 if it already finished.")
    public Response cancel(@RestPath String id) {
        JobRecord job = jobs.cancel(id);
        return job.status() == JobStatus.CANCELLED ? Response.ok(view(job)).build()
                : Response.accepted(view(job)).build();
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: the job each time its status, progress or preview changes",
            description = "The stream ends after the final state. Each event's data is the same JSON as GET {id}.")
    public Multi<JobView> events(@RestPath String id) {
        jobs.find(id);
        return jobs.watch(id).map(this::view);
    }

    @GET
    @Path("{id}/result")
    @Produces({"image/png", "image/jpeg", "image/tiff", Problem.MEDIA_TYPE})
    @Operation(summary = "The restored image, in the input's format where that format can hold it")
    public Response result(@RestPath String id) {
        JobRecord job = jobs.find(id);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw ApiProblem.conflict("not-ready", "job " + id + " is " + job.status().wireName()
                    + "; the result exists once it has succeeded");
        }
        InputStream image = store.open(job.result().object()).orElseThrow(() -> ApiProblem.notFound(
                "the result of job " + id + " is no longer in the store"));
        String key = job.result().object().key();
        String extension = key.substring(key.lastIndexOf('.') + 1);
        return Response.ok(image, job.result().contentType())
                .header("Content-Disposition", "inline; filename=\"" + id + "." + extension + "\"")
                .header("Content-Length", job.result().size())
                .build();
    }

    @GET
    @Path("{id}/input")
    @Produces({"image/png", "image/jpeg", "image/tiff", Problem.MEDIA_TYPE})
    @Operation(summary = "The photo as it was submitted, so a client can show it beside the result")
    public Response input(@RestPath String id) {
        JobRecord job = jobs.find(id);
        InputStream image = store.open(job.input()).orElseThrow(() -> ApiProblem.notFound(
                "the input of job " + id + " is no longer in the store"));
        BufferedInputStream buffered = new BufferedInputStream(image);
        String contentType = ImageFormat.sniff(head(buffered)).map(ImageFormat::mediaType)
                .orElse(MediaType.APPLICATION_OCTET_STREAM);
        return Response.ok(buffered, contentType).build();
    }

    /** The leading bytes of a stream, left unread, to tell its format by. */
    private static byte[] head(BufferedInputStream in) {
        try {
            in.mark(16);
            byte[] head = in.readNBytes(16);
            in.reset();
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("{id}/preview")
    @Produces({"image/png", Problem.MEDIA_TYPE})
    @Operation(summary = "A small PNG of the current estimate while the job runs (404 until the first one)")
    public Response preview(@RestPath String id) {
        JobRecord job = jobs.find(id);
        InputStream png = store.open(new ObjectRef(store.bucket(), JobKeys.of(job.jobId()).preview()))
                .orElseThrow(() -> ApiProblem.notFound("job " + id + " has no preview yet"));
        return Response.ok(png, "image/png").header("Cache-Control", "no-store").build();
    }

    private JobView view(JobRecord job) {
        return JobView.of(job, jobs.cancelRequested(job));
    }

    private static Response accepted(JobRecord job) {
        JobView view = JobView.of(job, false);
        return Response.accepted(view).location(URI.create(view.links().self())).build();
    }

    static Task task(String name) {
        if (name == null || name.isBlank()) {
            throw ApiProblem.badRequest("missing-task", "say which task to run, e.g. task=denoise");
        }
        try {
            return Task.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("unknown-task", e.getMessage());
        }
    }

    /** Deep Image Prior unless the client names another method. */
    static Method method(String name) {
        if (name == null || name.isBlank()) {
            return Method.DEEP_IMAGE_PRIOR;
        }
        try {
            return Method.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("unknown-method", e.getMessage());
        }
    }

    private static RestorationOptions options(String json) {
        if (json == null || json.isBlank()) {
            return RestorationOptions.NONE;
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("bad-options", "options must be a JSON object: " + e.getOriginalMessage());
        }
        return strict(tree, RestorationOptions.class, "bad-options", "options must be a JSON object of known options");
    }

    /** Binds a JSON object, refusing other JSON values and unknown fields so typos do not pass silently. */
    static <T> T strict(JsonNode json, Class<T> type, String code, String expectation) {
        if (json == null || !json.isObject()) {
            throw ApiProblem.badRequest(code, expectation);
        }
        try {
            return STRICT.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(code, expectation + ": " + e.getOriginalMessage());
        }
    }
}
