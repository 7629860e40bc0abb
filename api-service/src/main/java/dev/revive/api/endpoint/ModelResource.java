package dev.revive.api.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.api.job.Models;
import dev.revive.model.Method;
import dev.revive.model.ModelKind;
import dev.revive.model.RestorationOptions;
import dev.revive.model.ValueRange;
import dev.revive.model.Violation;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Denoisers trained once on a collection, or imported from a user's SavedModel, then named by id on denoise requests
 * ({@code "method":"model"}).
 */
@Path(ModelResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    static final String PATH = "/v1/models";

    private final Models models;

    public ModelResource(Models models) {
        this.models = models;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Train a denoiser (or the old-photo task's defect detector) on every image under a prefix",
            description = "method: noise2void, neighbor2neighbor, self2self, blind-spot, noise2noise, unpaired,"
                    + " old-photo-triplet or defect-detector (clean photos under prefix, which it ages itself; the"
                    + " model serves as options.detector of an old-photo restoration, not as model);"
                    + " collection: {bucket (optional), prefix, pairedPrefix (noise2noise only, and required by it:"
                    + " the second noisy shot of the scene at prefix + k is at pairedPrefix + k), cleanPrefix"
                    + " (unpaired and old-photo-triplet only, and required by them: clean photos; prefix holds the"
                    + " degraded, or real old, ones)}; options as for a restoration (iterations are training steps);"
                    + " featureModel (unpaired only, optional): the id of a succeeded import whose features the"
                    + " semantic term compares. 202 with the model.")
    @RequestBody(content = @Content(schema = @Schema(implementation = TrainingSubmission.class)))
    public Response train(JsonNode json) {
        TrainingSubmission body = RestorationResource.strict(json, TrainingSubmission.class,
                ProblemMappers.MALFORMED_JSON, "the body must be a JSON object of method, collection, options and"
                        + " featureModel");
        RestorationOptions options = body.options() == null ? RestorationOptions.NONE : body.options();
        ModelView view = ModelView.of(models.train(method(body.method()), body.collection(), options,
                body.featureModel()));
        return Response.accepted(view).location(URI.create(view.self())).build();
    }

    @POST
    @Path("imports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register your own TensorFlow SavedModel as a denoiser",
            description = "savedModel: {bucket (optional), prefix} of the directory tf.saved_model.save wrote;"
                    + " signature (default serving_default), input and output (default the signature's only ones),"
                    + " valueRange unit ([0,1], default) or byte ([0,255]), channels 1 or 3 (default the model's),"
                    + " kind denoiser (default: served by method=model) or features (any feature map: only an unpaired"
                    + " training's featureModel). 202 with the model; a worker checks it.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ImportSubmission.class)))
    public Response importModel(JsonNode json) {
        ImportSubmission body = RestorationResource.strict(json, ImportSubmission.class,
                ProblemMappers.MALFORMED_JSON, "the body must be a JSON object of savedModel, signature, input,"
                        + " output, valueRange, channels and kind");
        ModelView view = ModelView.of(models.importModel(body.savedModel(), body.signature(), body.input(),
                body.output(), valueRange(body.valueRange()), body.channels(), kind(body.kind())));
        return Response.accepted(view).location(URI.create(view.self())).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Status, training progress and metadata of a model")
    public ModelView get(@RestPath String id) {
        return ModelView.of(models.find(id));
    }

    private static ValueRange valueRange(String name) {
        if (name == null) {
            return null;
        }
        try {
            return ValueRange.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(List.of(new Violation("valueRange",
                    "must be 'unit' ([0,1]) or 'byte' ([0,255])")));
        }
    }

    private static ModelKind kind(String name) {
        if (name == null) {
            return null;
        }
        try {
            return ModelKind.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(List.of(new Violation("kind", "must be 'denoiser' or 'features'")));
        }
    }

    private static Method method(String name) {
        if (name == null || name.isBlank()) {
            throw ApiProblem.badRequest("missing-method", "say which method trains the model, e.g. noise2void");
        }
        try {
            return Method.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("unknown-method", e.getMessage());
        }
    }
}
