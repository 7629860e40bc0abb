package dev.revive.api.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.api.job.BatchProgress;
import dev.revive.api.job.Batches;
import dev.revive.model.BatchRecord;
import dev.revive.model.RestorationOptions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Archive batches: every image under a prefix, or a list of keys, restored with one set of options. */
@Path(BatchResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {
    static final String PATH = "/v1/batches";
    static final String CSV = "text/csv";
    private static final String BODY = "the body must be a JSON object of source ({bucket, prefix} or {bucket, keys}),"
            + " task, method, model, options and destination";

    private final Batches batches;

    public BatchResource(Batches batches) {
        this.batches = batches;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore every image under a prefix, or a list of keys",
            description = "source: {bucket (optional), prefix} or {bucket (optional), keys: [up to 10000]}; task, method,"
                    + " model and options as for a restoration (tasks needing a mask or guide are refused);"
                    + " destination: the result layout, default restored/{path}. 202 with the batch; its jobs are"
                    + " queued on the bulk lane while the status says expanding.")
    @RequestBody(content = @Content(schema = @Schema(implementation = BatchSubmission.class)))
    public Response create(JsonNode json) {
        BatchSubmission body = RestorationResource.strict(json, BatchSubmission.class, "invalid-request", BODY);
        RestorationOptions options = body.options() == null ? RestorationOptions.NONE : body.options();
        BatchRecord batch = batches.create(body.source(), RestorationResource.task(body.task()),
                RestorationResource.method(body.method()), body.model(), options, body.destination());
        BatchView view = BatchView.accepted(batch);
        return Response.accepted(view).location(URI.create(view.links().self())).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Status and counts of a batch: total, done, failed, cancelled, remaining, skipped")
    public BatchView get(@RestPath String id) {
        return BatchView.of(batches.progress(batches.find(id)));
    }

    @GET
    @Path("{id}/manifest")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "One row per object: source key, ETag, job, status, result key, error, iterations, times",
            description = "format=csv or json, else by Accept (text/csv or application/json; JSON by default).")
    public Response manifest(@RestPath String id, @RestQuery String format, @RestHeader("Accept") String accept) {
        boolean csv = csv(format, accept);
        BatchProgress progress = batches.progress(batches.find(id));
        List<ManifestRow> rows = progress.items().stream().map(ManifestRow::of).toList();
        if (!csv) {
            return Response.ok(rows, MediaType.APPLICATION_JSON).build();
        }
        StringBuilder text = new StringBuilder(Csv.line(ManifestRow.COLUMNS));
        rows.forEach(row -> text.append(Csv.line(row.cells())));
        return Response.ok(text.toString(), CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"batch-" + id + ".csv\"").build();
    }

    private static boolean csv(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiProblem.badRequest("bad-format", "format must be csv or json");
            };
        }
        return accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a batch: its expansion stops and its unfinished jobs are cancelled",
            description = "202 with the batch; jobs already finished keep their results.")
    public Response cancel(@RestPath String id) {
        return Response.accepted(BatchView.of(batches.cancel(id))).build();
    }
}
