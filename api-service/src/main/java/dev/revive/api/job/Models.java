package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.api.messaging.ImportPublisher;
import dev.revive.api.messaging.PublishFailedException;
import dev.revive.api.messaging.TrainingPublisher;
import dev.revive.api.security.Caller;
import dev.revive.model.CollectionRef;
import dev.revive.model.ImageProbe;
import dev.revive.model.ImportRequest;
import dev.revive.model.JobIds;
import dev.revive.model.JobStatus;
import dev.revive.model.Method;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelKind;
import dev.revive.model.ModelRecord;
import dev.revive.model.ModelSource;
import dev.revive.model.ObjectRef;
import dev.revive.model.RequestValidator;
import dev.revive.model.RestorationOptions;
import dev.revive.model.Task;
import dev.revive.model.TrainingRequest;
import dev.revive.model.UnsupportedImageException;
import dev.revive.model.ValueRange;
import dev.revive.model.Violation;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.ObjectTooLargeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Denoisers trained on a collection, as the api sees them: queued after their request is checked, looked up from
 * their records, and checked before a restoration may name one.
 */
@ApplicationScoped
public class Models {
    private static final Logger LOG = Logger.getLogger(Models.class);
    /**
     * Keys under the prefix the api looks at for a readable image before queueing; the worker lists the whole
     * collection itself. Bounded so a prefix full of non-images cannot keep a request thread busy.
     */
    static final int KEYS_PROBED = 20;

    private final ObjectStore store;
    private final TrainingPublisher publisher;
    private final ImportPublisher imports;
    private final ReadableBuckets readable;
    private final OwnedObjects owned;
    private final Caller caller;
    private final ApiConfig config;
    private final Clock clock = Clock.systemUTC();

    public Models(ObjectStore store, TrainingPublisher publisher, ImportPublisher imports, ReadableBuckets readable,
            OwnedObjects owned, Caller caller, ApiConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.imports = imports;
        this.readable = readable;
        this.owned = owned;
        this.caller = caller;
        this.config = config;
    }

    /**
     * Validates, checks the collection holds an image, writes the queued record, then publishes. The second shots of
     * a paired collection are held to the same ownership rule as the prefix; the worker matches the pairs. The clean
     * photos of an unpaired collection are held to the same rules as the degraded ones, an image among them too.
     */
    public ModelRecord train(Method method, CollectionRef collection, RestorationOptions options,
            String featureModel) {
        List<Violation> violations = RequestValidator.validateTraining(method, collection, options, featureModel);
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
        if (featureModel != null) {
            requireFeatureModel(featureModel);
        }
        CollectionRef located = collection.withBucketIfMissing(store.bucket());
        readable.require(located.bucket());
        if (!owned.mayRead(located.bucket(), located.prefix()) || (located.pairedPrefix() != null
                && !owned.mayRead(located.bucket(), located.pairedPrefix()))) {
            throw noImages(located.bucket(), located.prefix());
        }
        requireAnImage(located.bucket(), located.prefix());
        if (located.cleanPrefix() != null) {
            if (!owned.mayRead(located.bucket(), located.cleanPrefix())) {
                throw noImages(located.bucket(), located.cleanPrefix());
            }
            requireAnImage(located.bucket(), located.cleanPrefix());
        }
        String modelId = JobIds.newId();
        TrainingRequest request = TrainingRequest.of(modelId, method, located, options, clock.instant())
                .withOwner(caller.keyName().orElse(null)).withFeatureModel(featureModel).resolved();
        ModelRecord queued = ModelRecord.queued(request);
        store.writeModel(queued);
        try {
            publisher.publish(request);
        } catch (PublishFailedException e) {
            store.remove(ModelKeys.of(modelId).record());
            throw e;
        }
        LOG.infof("model %s queued: %s on %s/%s", modelId, method.wireName(), located.bucket(), located.prefix());
        return queued;
    }

    /**
     * Validates an import, checks a SavedModel is where it says, writes the queued record, then publishes; the worker
     * checks the model itself.
     */
    public ModelRecord importModel(CollectionRef savedModel, String signature, String input, String output,
            ValueRange valueRange, Integer channels, ModelKind kind) {
        List<Violation> violations = RequestValidator.validateImport(savedModel, signature, input, output, channels);
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
        String modelId = JobIds.newId();
        ImportRequest request = new ImportRequest(ImportRequest.SCHEMA_VERSION, modelId,
                savedModel.withBucketIfMissing(store.bucket()), signature, input, output, valueRange, channels,
                clock.instant(), caller.keyName().orElse(null), kind).resolved();
        CollectionRef located = request.savedModel();
        readable.require(located.bucket());
        String graph = located.prefix() + "saved_model.pb";
        if (!owned.mayRead(located.bucket(), located.prefix())
                || store.size(new ObjectRef(located.bucket(), graph)).isEmpty()) {
            throw ApiProblem.unprocessable("no-saved-model", "there is no saved_model.pb under '" + located.prefix()
                    + "' in bucket '" + located.bucket() + "'; upload the directory tf.saved_model.save wrote");
        }
        ModelRecord queued = ModelRecord.queued(request);
        store.writeModel(queued);
        try {
            imports.publish(request);
        } catch (PublishFailedException e) {
            store.remove(ModelKeys.of(modelId).record());
            throw e;
        }
        LOG.infof("model %s queued: import of %s/%s", modelId, located.bucket(), located.prefix());
        return queued;
    }

    private void requireAnImage(String bucket, String prefix) {
        for (String key : store.keys(bucket, prefix, KEYS_PROBED)) {
            try {
                byte[] bytes = store.read(new ObjectRef(bucket, key), config.maxUploadSize().asLongValue()).orElse(null);
                if (bytes != null) {
                    ImageProbe.probe(bytes);
                    return;
                }
            } catch (UnsupportedImageException | ObjectTooLargeException e) {
                // not a usable image; look at the next key
            }
        }
        throw noImages(bucket, prefix);
    }

    /** Also the answer for a prefix into other keys' jobs or models, which must not be told from an empty one. */
    private static ApiProblem noImages(String bucket, String prefix) {
        return ApiProblem.unprocessable("no-images", "there is no readable image among the first " + KEYS_PROBED
                + " objects under '" + prefix + "' in bucket '" + bucket + "'");
    }

    /**
     * The semantic term's feature model: one of the caller's imports that succeeded (a model trained here has no
     * features to offer). The worker checks the rest (channels, gradients) when the training starts.
     *
     * @throws ApiProblem 422 unknown-model, 409 model-not-ready, or 422 unsupported-model for a trained model
     */
    private void requireFeatureModel(String id) {
        ModelRecord model = requireServable(id);
        if (model.sourceOrTrained() != ModelSource.IMPORTED) {
            throw ApiProblem.unprocessable("unsupported-model", "model " + id + " was trained here; the semantic term"
                    + " takes a feature extractor imported with POST /v1/models/imports");
        }
    }

    /** @throws ApiProblem 404 for an id that is not a model id, has no record, or is another key's model */
    public ModelRecord find(String id) {
        if (!JobIds.isValid(id)) {
            throw ApiProblem.notFound("there is no model '" + id + "'");
        }
        return store.readModel(id).filter(model -> caller.mayAccess(model.owner()))
                .orElseThrow(() -> ApiProblem.notFound("there is no model '" + id + "'"));
    }

    /**
     * The model a {@code method=model} restoration of {@code task} names: servable, a denoiser, and for an old photo
     * a triplet model (the one that takes the defect mask).
     *
     * @throws ApiProblem as {@link #requireServable}, or 422 unsupported-model for a features import, a detector, or
     *                    another model than a triplet one for an old photo
     */
    public ModelRecord requireRestorer(String id, Task task) {
        ModelRecord model = requireServable(id);
        if (model.method() != null && model.method().isDetector()) {
            throw ApiProblem.unprocessable("unsupported-model", "model " + id + " is a defect detector, which finds"
                    + " defects and restores nothing; name it as options.detector of an old-photo request");
        }
        if (!model.restores()) {
            throw ApiProblem.unprocessable("unsupported-model", "model " + id + " was imported as "
                    + model.kindOrDenoiser().wireName() + ", which cannot restore a photo; name it as an unpaired"
                    + " training's featureModel, or import a denoiser");
        }
        if (!model.serves(task)) {
            throw ApiProblem.unprocessable("unsupported-model", "model " + id + ": "
                    + ModelRecord.OLD_PHOTO_NEEDS_TRIPLET);
        }
        return model;
    }

    /**
     * The detector an old-photo restoration names in {@code options.detector}: servable, and trained by the method
     * {@code defect-detector} (the worker checks its files again when it loads them).
     *
     * @throws ApiProblem as {@link #requireServable}, or 422 unsupported-model for any other model
     */
    public ModelRecord requireDetector(String id) {
        ModelRecord model = requireServable(id);
        if (model.method() == null || !model.method().isDetector()) {
            throw ApiProblem.unprocessable("unsupported-model", "model " + id + " is not a defect detector; train"
                    + " one with POST /v1/models and the method '" + Method.DEFECT_DETECTOR.wireName() + "'");
        }
        return model;
    }

    /** @throws ApiProblem 422 when no model has this id, 409 when it has not (or not successfully) finished training */
    public ModelRecord requireServable(String id) {
        ModelRecord model = store.readModel(id).filter(found -> caller.mayAccess(found.owner()))
                .orElseThrow(() -> ApiProblem.unprocessable("unknown-model",
                "there is no model '" + id + "'; train one with POST /v1/models or import one with"
                        + " POST /v1/models/imports"));
        if (model.status() != JobStatus.SUCCEEDED) {
            throw ApiProblem.conflict("model-not-ready", "model " + id + " is " + model.status().wireName()
                    + "; only a model whose training succeeded can denoise");
        }
        return model;
    }
}
