package dev.revive.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The validation rules of a restoration request. The api applies them before publishing and the worker
 * again on consumption, because anyone may produce to the request topic.
 */
public final class RequestValidator {
    /** S3 bucket naming rules (lower-case letters, digits, dots and hyphens, 3 to 63 characters). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** The wire names of the methods that can train a model, for the message that lists them. */
    private static final String TRAINABLE_METHODS = Arrays.stream(Method.values()).filter(Method::isTrainable)
            .map(Method::wireName).collect(Collectors.joining(", "));

    /** An API key's name, as the api configures it and the contracts carry it in {@code owner}. */
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestValidator() {
    }

    /** Whether a name can own jobs and models: short, and safe in a log line or a JSON field. */
    public static boolean isValidOwner(String name) {
        return name != null && OWNER.matcher(name).matches();
    }

    private static void validateOwner(List<Violation> violations, String owner) {
        if (owner != null && !isValidOwner(owner)) {
            violations.add(new Violation("owner", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
    }

    /** A request's rules with replies allowed under the default prefix, {@link Topics#REPLY_PREFIX}. */
    public static List<Violation> validate(RestorationRequest request) {
        return validate(request, Topics.REPLY_PREFIX);
    }

    /** A request's rules, with replies allowed only to topics under {@code replyPrefix}. */
    public static List<Violation> validate(RestorationRequest request, String replyPrefix) {
        List<Violation> violations = new ArrayList<>();
        if (request.schemaVersion() != RestorationRequest.SCHEMA_VERSION) {
            violations.add(new Violation("schemaVersion", "unsupported schema version " + request.schemaVersion()
                    + "; supported: " + RestorationRequest.SCHEMA_VERSION));
        }
        if (!JobIds.isValid(request.jobId())) {
            violations.add(new Violation("jobId", "must be a lower-case UUID"));
        }
        if (request.task() == null) {
            violations.add(new Violation("task", "is required"));
        }
        violations.addAll(validateInput(request.input()));
        violations.addAll(validateCompanions(request.task(), request.mask(), request.guide()));
        violations.addAll(validateMethod(request.task(), request.method(), request.options()));
        violations.addAll(validateOptions(request.task(), request.options()));
        violations.addAll(validateModel(request.method(), request.model()));
        validateOwner(violations, request.owner());
        violations.addAll(validateReply(request.correlationId(), request.replyTo(), replyPrefix));
        violations.addAll(validateWebhook(request.webhook()));
        if (request.batchId() != null && !JobIds.isValid(request.batchId())) {
            violations.add(new Violation("batchId", "must be a batch id (a lower-case UUID)"));
        }
        violations.addAll(validateOutput(request.input(), request.output()));
        return violations;
    }

    /**
     * Where a result may go instead of the job's folder: a plain key outside Revive's own folders, and never the
     * input itself, so no original is ever overwritten. A missing bucket means Revive's own, as for the input.
     */
    public static List<Violation> validateOutput(ObjectRef input, ObjectRef output) {
        List<Violation> violations = new ArrayList<>();
        if (output == null) {
            return violations;
        }
        plainLocation(violations, "output", output.bucket(), "key", output.key());
        if (!violations.isEmpty()) {
            return violations;
        }
        if (KeyAreas.reserved(output.key())) {
            violations.add(new Violation("output.key", "must not lie in Revive's own folders " + KeyAreas.RESERVED));
        } else if (input != null && output.key().equals(input.key())
                && (output.bucket() == null || input.bucket() == null || output.bucket().equals(input.bucket()))) {
            violations.add(new Violation("output.key", "must not be the input: an original is never overwritten"));
        }
        return violations;
    }

    /** The rules of a batch: one source (a prefix or at most {@link Limits#MAX_BATCH_KEYS} keys), and its layout. */
    public static List<Violation> validateBatch(BatchSource source, String destination) {
        List<Violation> violations = new ArrayList<>();
        if (source == null) {
            violations.add(new Violation("source", "is required: a prefix, or a list of keys"));
            return violations;
        }
        if ((source.prefix() == null) == (source.keys() == null)) {
            violations.add(new Violation("source", "must name either a prefix or keys, not both and not neither"));
            return violations;
        }
        if (source.prefix() != null) {
            plainLocation(violations, "source", source.bucket(), "prefix", source.prefix());
            if (violations.isEmpty() && KeyAreas.reserved(source.prefix())) {
                violations.add(new Violation("source.prefix", "must not reach into Revive's own folders "
                        + KeyAreas.RESERVED + "; restore a job's input by referencing it"));
            }
        } else if (source.keys().isEmpty() || source.keys().size() > Limits.MAX_BATCH_KEYS) {
            violations.add(new Violation("source.keys", "must list 1 to " + Limits.MAX_BATCH_KEYS + " keys"));
        } else {
            if (source.bucket() != null && !BUCKET.matcher(source.bucket()).matches()) {
                violations.add(new Violation("source.bucket", "is not a valid bucket name"));
            }
            for (int i = 0; i < source.keys().size() && violations.size() < 10; i++) {
                String key = source.keys().get(i);
                plainLocation(violations, "source", null, "keys[" + i + "]", key);
                if (key != null && !key.isBlank() && KeyAreas.reserved(key)) {
                    violations.add(new Violation("source.keys[" + i + "]", "must not lie in Revive's own folders"));
                }
            }
            if (new java.util.HashSet<>(source.keys()).size() != source.keys().size()) {
                violations.add(new Violation("source.keys", "must not list a key twice"));
            }
        }
        if (violations.isEmpty()) {
            violations.addAll(DestinationLayout.orDefault(destination).validate(source));
        }
        return violations;
    }

    /** Printable ASCII (space to '~'), so it is safe in a header, a log line and JSON without escaping. */
    private static final Pattern CORRELATION_ID = Pattern.compile("[\\x20-\\x7E]{1,"
            + Limits.MAX_CORRELATION_ID_LENGTH + "}");
    /** What Kafka accepts as a topic name. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1," + Limits.MAX_TOPIC_LENGTH + "}");

    public static boolean isValidCorrelationId(String correlationId) {
        return correlationId != null && CORRELATION_ID.matcher(correlationId).matches();
    }

    /**
     * The correlation id's form, and a reply topic that lies under {@code replyPrefix} and is none of Revive's own
     * or Kafka's internal topics: a producer must not be able to make the worker write where it should not.
     */
    public static List<Violation> validateReply(String correlationId, String replyTo, String replyPrefix) {
        List<Violation> violations = new ArrayList<>();
        if (correlationId != null && !isValidCorrelationId(correlationId)) {
            violations.add(new Violation("correlationId", "must be 1 to " + Limits.MAX_CORRELATION_ID_LENGTH
                    + " printable ASCII characters"));
        }
        if (replyTo != null && !isAllowedReplyTopic(replyTo, replyPrefix)) {
            violations.add(new Violation("replyTo", "must be a topic name (letters, digits, '.', '_', '-', at most "
                    + Limits.MAX_TOPIC_LENGTH + ") under '" + replyPrefix + "'"));
        }
        return violations;
    }

    public static boolean isAllowedReplyTopic(String topic, String replyPrefix) {
        return topic != null && TOPIC.matcher(topic).matches() && topic.startsWith(replyPrefix)
                && topic.length() > replyPrefix.length() && !Topics.isReserved(topic);
    }

    /**
     * A deployment's reply prefix: a non-empty start of a topic name, itself none of Revive's (reserved topics are
     * refused whatever the prefix, so a prefix cannot reach them).
     *
     * @throws IllegalArgumentException naming what is wrong, for a service to stop at start-up with
     */
    public static String requireReplyPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || !TOPIC.matcher(prefix).matches() || Topics.isReserved(prefix)) {
            throw new IllegalArgumentException("the reply-topic prefix '" + prefix + "' must be the non-empty start"
                    + " of a topic name (letters, digits, '.', '_', '-') that starts neither 'revive.' nor '__'");
        }
        return prefix;
    }

    /** A webhook is optional; one given must be an http(s) URL with a host and no user info ({@link WebhookUrls}). */
    public static List<Violation> validateWebhook(String webhook) {
        return webhook == null ? List.of()
                : WebhookUrls.problem(webhook).map(p -> List.of(new Violation("webhook", p))).orElse(List.of());
    }

    /** A model id goes with the method 'model' and only with it, and is a model id (a lower-case UUID). */
    public static List<Violation> validateModel(Method method, String model) {
        List<Violation> violations = new ArrayList<>();
        if (method == Method.MODEL && model == null) {
            violations.add(new Violation("model", "is required with the method 'model'"));
        } else if (method != Method.MODEL && model != null) {
            violations.add(new Violation("model", "is only used by the method 'model'"));
        } else if (model != null && !JobIds.isValid(model)) {
            violations.add(new Violation("model", "must be a model id (a lower-case UUID)"));
        }
        return violations;
    }

    /** The rules of a training request; the worker applies them again, as for restorations. */
    public static List<Violation> validate(TrainingRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (request.schemaVersion() != TrainingRequest.SCHEMA_VERSION) {
            violations.add(new Violation("schemaVersion", "unsupported schema version " + request.schemaVersion()
                    + "; supported: " + TrainingRequest.SCHEMA_VERSION));
        }
        if (!JobIds.isValid(request.modelId())) {
            violations.add(new Violation("modelId", "must be a lower-case UUID"));
        }
        violations.addAll(validateTraining(request.method(), request.collection(), request.options(),
                request.featureModel()));
        validateOwner(violations, request.owner());
        return violations;
    }

    /**
     * A signature key or tensor name of an imported SavedModel: what {@code tf.saved_model.save} writes (letters,
     * digits, '_', '.', '/', '-', ':'), short, so it is safe in a record, a log line and a file name.
     */
    private static final Pattern SAVED_MODEL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./:-]{0,127}");

    /** The rules of an import request; the worker applies them again, as for restorations. */
    public static List<Violation> validate(ImportRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (request.schemaVersion() != ImportRequest.SCHEMA_VERSION) {
            violations.add(new Violation("schemaVersion", "unsupported schema version " + request.schemaVersion()
                    + "; supported: " + ImportRequest.SCHEMA_VERSION));
        }
        if (!JobIds.isValid(request.modelId())) {
            violations.add(new Violation("modelId", "must be a lower-case UUID"));
        }
        violations.addAll(validateImport(request.savedModel(), request.signature(), request.input(),
                request.output(), request.channels()));
        validateOwner(violations, request.owner());
        return violations;
    }

    /** What a client may ask to import: a plain prefix, names a SavedModel could have, and 1 or 3 channels. */
    public static List<Violation> validateImport(CollectionRef savedModel, String signature, String input,
            String output, Integer channels) {
        List<Violation> violations = new ArrayList<>();
        if (savedModel == null) {
            violations.add(new Violation("savedModel", "is required"));
        } else {
            plainLocation(violations, "savedModel", savedModel.bucket(), "prefix", savedModel.prefix());
        }
        savedModelName(violations, "signature", signature);
        savedModelName(violations, "input", input);
        savedModelName(violations, "output", output);
        if (channels != null && channels != 1 && channels != 3) {
            violations.add(new Violation("channels", "must be 1 (gray) or 3 (colour)"));
        }
        return violations;
    }

    private static void savedModelName(List<Violation> out, String field, String name) {
        if (name != null && !SAVED_MODEL_NAME.matcher(name).matches()) {
            out.add(new Violation(field, "must be 1 to 128 letters, digits, '_', '.', '/', ':' or '-', as TensorFlow"
                    + " names signatures and tensors"));
        }
    }

    /** What a client may ask to train: a trainable method, a plain prefix, and denoising's option bounds. */
    public static List<Violation> validateTraining(Method method, CollectionRef collection,
            RestorationOptions options) {
        return validateTraining(method, collection, options, null);
    }

    /**
     * As {@link #validateTraining(Method, CollectionRef, RestorationOptions)}, with the unpaired method's feature
     * model: a model id, and only with that method (the others have no semantic term).
     */
    public static List<Violation> validateTraining(Method method, CollectionRef collection,
            RestorationOptions options, String featureModel) {
        List<Violation> violations = new ArrayList<>();
        if (featureModel != null) {
            if (method != null && !method.needsCleanPhotos()) {
                violations.add(new Violation("featureModel", "is only used by the method '"
                        + Method.UNPAIRED.wireName() + "'"));
            } else if (!JobIds.isValid(featureModel)) {
                violations.add(new Violation("featureModel", "must be a model id (a lower-case UUID) of an imported"
                        + " SavedModel"));
            }
        }
        if (method == null) {
            violations.add(new Violation("method", "is required"));
        } else if (!method.isTrainable()) {
            violations.add(new Violation("method", "must be one of " + TRAINABLE_METHODS));
        } else {
            violations.addAll(methodOptions(Task.DENOISE, method, options));
        }
        if (collection == null) {
            violations.add(new Violation("collection", "is required"));
        } else {
            plainLocation(violations, "collection", collection.bucket(), "prefix", collection.prefix());
            pairs(violations, method, collection);
            cleanPhotos(violations, method, collection);
        }
        violations.addAll(validateOptions(Task.DENOISE, options));
        return violations;
    }

    /**
     * The second shots of a paired collection: required by the method that learns from pairs and refused by the
     * others, under the same rules as the prefix, and apart from it (a scene paired with itself teaches nothing).
     */
    private static void pairs(List<Violation> out, Method method, CollectionRef collection) {
        String paired = collection.pairedPrefix();
        if (paired == null) {
            if (method != null && method.needsPairs()) {
                out.add(new Violation("collection.pairedPrefix", "is required with the method '" + method.wireName()
                        + "': the prefix of the second noisy shot of every scene, under the same relative key"));
            }
            return;
        }
        if (method != null && !method.needsPairs()) {
            out.add(new Violation("collection.pairedPrefix", "is only used by the method '"
                    + Method.NOISE2NOISE.wireName() + "'"));
            return;
        }
        int before = out.size();
        plainLocation(out, "collection", null, "pairedPrefix", paired);
        String prefix = collection.prefix();
        if (out.size() == before && prefix != null && (paired.startsWith(prefix) || prefix.startsWith(paired))) {
            out.add(new Violation("collection.pairedPrefix", "must not overlap the prefix '" + prefix
                    + "': each scene's two shots lie apart"));
        }
    }

    /**
     * The clean photos of an unpaired collection: required by the method that learns from them and refused by the
     * others, under the same rules as the prefix, and apart from it (a photo in both piles would be its own target).
     */
    private static void cleanPhotos(List<Violation> out, Method method, CollectionRef collection) {
        String clean = collection.cleanPrefix();
        if (clean == null) {
            if (method != null && method.needsCleanPhotos()) {
                out.add(new Violation("collection.cleanPrefix", "is required with the method '" + method.wireName()
                        + "': the prefix of clean photos (of other scenes) to learn from beside the degraded ones"));
            }
            return;
        }
        if (method != null && !method.needsCleanPhotos()) {
            out.add(new Violation("collection.cleanPrefix", "is only used by the methods '"
                    + Method.UNPAIRED.wireName() + "' and '" + Method.OLD_PHOTO_TRIPLET.wireName() + "'"));
            return;
        }
        int before = out.size();
        plainLocation(out, "collection", null, "cleanPrefix", clean);
        String prefix = collection.prefix();
        if (out.size() == before && prefix != null && (clean.startsWith(prefix) || prefix.startsWith(clean))) {
            out.add(new Violation("collection.cleanPrefix", "must not overlap the prefix '" + prefix
                    + "': the clean photos and the degraded ones lie apart"));
        }
    }

    /**
     * A self-supervised method only denoises, and takes none of the options of Deep Image Prior's loop: silently
     * ignoring them would let a client believe they did something. A null method is Deep Image Prior. A method that
     * learns from pairs cannot restore one photo: it has no second shot of it.
     */
    public static List<Violation> validateMethod(Task task, Method method, RestorationOptions options) {
        List<Violation> violations = methodOptions(task, method, options);
        if (method != null && method.needsPairs()) {
            violations.add(new Violation("method", "'" + method.wireName() + "' needs two noisy shots of every"
                    + " scene, and a restoration has one photo: train a model on a paired collection (POST /v1/models"
                    + " with collection.pairedPrefix) and denoise with the method 'model'"));
        } else if (method != null && method.needsCleanPhotos()) {
            violations.add(new Violation("method", "'" + method.wireName() + "' learns from a collection of degraded"
                    + " photos and clean photos of other scenes, and a restoration has one photo: train a model"
                    + " (POST /v1/models with collection.cleanPrefix) and restore with the method 'model'"));
        } else if (method != null && method.isDetector()) {
            violations.add(new Violation("method", "'" + method.wireName() + "' trains a defect detector on a"
                    + " collection of clean photos and restores nothing itself: train one (POST /v1/models with"
                    + " collection.prefix) and name it as options.detector of a '" + Task.OLD_PHOTO.wireName()
                    + "' request"));
        }
        return violations;
    }

    private static List<Violation> methodOptions(Task task, Method method, RestorationOptions options) {
        List<Violation> violations = new ArrayList<>();
        if (method == null || method.isDeepImagePrior()) {
            return violations;
        }
        if (task != null && !method.isDetector() && !method.supports(task)) {
            violations.add(new Violation("method", "'" + method.wireName() + "' only denoises"
                    + (method == Method.MODEL ? " and repairs old photos" : "") + "; the task '"
                    + task.wireName() + "' needs 'dip'"));
        }
        if (options != null) {
            dipOnly(violations, "options.inputNoise", options.inputNoise(), method);
            dipOnly(violations, "options.averaging", options.averaging(), method);
            dipOnly(violations, "options.stop", options.stop() == Stopping.AUTO ? options.stop() : null, method);
            dipOnly(violations, "options.previewEvery",
                    options.previewEvery() != null && options.previewEvery() > 0 ? options.previewEvery() : null,
                    method);
        }
        return violations;
    }

    private static void dipOnly(List<Violation> out, String field, Object value, Method method) {
        if (value != null) {
            out.add(new Violation(field, "is only used by the method 'dip', not '" + method.wireName() + "'"));
        }
    }

    public static List<Violation> validateInput(ObjectRef input) {
        return validateRef("input", input);
    }

    /**
     * The images a task needs besides its input: a mask for inpainting, a guide for flash-guided restoration,
     * and nothing for the others (a stray one is more likely a mistake than an intent).
     */
    public static List<Violation> validateCompanions(Task task, ObjectRef mask, ObjectRef guide) {
        List<Violation> violations = new ArrayList<>();
        if (task == Task.OLD_PHOTO) {
            if (mask != null) {
                violations.addAll(validateRef("mask", mask));
            }
        } else {
            companion(violations, "mask", mask, task, task != null && task.needsMask(), Task.INPAINT);
        }
        companion(violations, "guide", guide, task, task != null && task.needsGuide(), Task.FLASH_GUIDED);
        return violations;
    }

    private static void companion(List<Violation> out, String field, ObjectRef ref, Task task, boolean needed,
            Task owner) {
        if (ref != null) {
            if (task != null && !needed) {
                out.add(new Violation(field, "is only used by the task '" + owner.wireName() + "'"));
            } else {
                out.addAll(validateRef(field, ref));
            }
        } else if (needed) {
            out.add(new Violation(field, "is required for the task '" + task.wireName() + "'"));
        }
    }

    private static List<Violation> validateRef(String field, ObjectRef ref) {
        List<Violation> violations = new ArrayList<>();
        if (ref == null) {
            violations.add(new Violation(field, "is required"));
            return violations;
        }
        plainLocation(violations, field, ref.bucket(), "key", ref.key());
        return violations;
    }

    /**
     * The rules of an object key or key prefix and its optional bucket, one set for both, so a prefix can reach
     * no further than a key could. {@code keyName} is the key's field under {@code field} and its noun in the message.
     */
    private static void plainLocation(List<Violation> out, String field, String bucket, String keyName,
            String key) {
        if (bucket != null && !BUCKET.matcher(bucket).matches()) {
            out.add(new Violation(field + ".bucket", "is not a valid bucket name"));
        }
        String keyField = field + "." + keyName;
        if (key == null || key.isBlank()) {
            out.add(new Violation(keyField, "is required"));
        } else if (key.length() > Limits.MAX_KEY_LENGTH) {
            out.add(new Violation(keyField, "is longer than " + Limits.MAX_KEY_LENGTH + " characters"));
        } else if (key.startsWith("/") || key.contains("..") || key.chars().anyMatch(Character::isISOControl)) {
            out.add(new Violation(keyField, "must be a plain relative " + keyName
                    + " (no leading '/', no '..', no control characters)"));
        }
    }

    /** The options' own bounds, and those that depend on the task (null task: task-free bounds only). */
    public static List<Violation> validateOptions(Task task, RestorationOptions options) {
        List<Violation> violations = new ArrayList<>();
        if (options == null) {
            return violations;
        }
        range(violations, "options.iterations", options.iterations(), 1, Limits.MAX_ITERATIONS);
        range(violations, "options.progressEvery", options.progressEvery(), 1, Limits.MAX_PROGRESS_EVERY);
        if (options.seed() != null && options.seed() < 0) {
            violations.add(new Violation("options.seed", "must not be negative"));
        }
        open(violations, "options.learningRate", options.learningRate(), 0, Limits.MAX_LEARNING_RATE, false);
        open(violations, "options.inputNoise", options.inputNoise(), 0, Limits.MAX_INPUT_NOISE, true);
        if (options.averaging() != null && !(options.averaging() >= 0 && options.averaging() < 1)) {
            violations.add(new Violation("options.averaging", "must be at least 0 and below 1"));
        }
        if (options.scale() != null) {
            if (task != null && task != Task.SUPER_RESOLVE) {
                violations.add(new Violation("options.scale", "is only used by the task 'super-resolve'"));
            } else if (!Limits.SCALES.contains(options.scale())) {
                violations.add(new Violation("options.scale", "must be one of " + Limits.SCALES));
            }
        }
        range(violations, "options.channels", options.channels(), 1, Limits.MAX_CHANNELS);
        range(violations, "options.maxSeconds", options.maxSeconds(), 1, Limits.MAX_SECONDS);
        range(violations, "options.previewEvery", options.previewEvery(), 0, Limits.MAX_PROGRESS_EVERY);
        oldPhotoOptions(violations, task, options);
        return violations;
    }

    /** The detection fields: only for old photos, a model id, a threshold strictly between 0 and 1. */
    private static void oldPhotoOptions(List<Violation> out, Task task, RestorationOptions options) {
        boolean any = options.detector() != null || options.defectThreshold() != null || options.maskUse() != null;
        if (any && task != null && task != Task.OLD_PHOTO) {
            out.add(new Violation("options", "detector, defectThreshold and maskUse are only used by the task '"
                    + Task.OLD_PHOTO.wireName() + "'"));
            return;
        }
        if (options.detector() != null && !JobIds.isValid(options.detector())) {
            out.add(new Violation("options.detector", "must be a model id (a lower-case UUID) of a trained"
                    + " defect detector"));
        }
        if (options.defectThreshold() != null
                && !(options.defectThreshold() > 0 && options.defectThreshold() < 1)) {
            out.add(new Violation("options.defectThreshold", "must be above 0 and below 1"));
        }
    }

    private static void range(List<Violation> out, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            out.add(new Violation(field, "must be between " + min + " and " + max));
        }
    }

    private static void open(List<Violation> out, String field, Double value, double min, double max,
            boolean minInclusive) {
        if (value == null) {
            return;
        }
        boolean aboveMin = minInclusive ? value >= min : value > min;
        if (!aboveMin || !(value <= max)) {
            out.add(new Violation(field, "must be " + (minInclusive ? "at least " : "above ") + min
                    + " and at most " + max));
        }
    }
}
