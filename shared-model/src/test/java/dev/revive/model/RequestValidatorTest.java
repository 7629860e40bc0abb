package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    static final String ID = "0b5f6c2e-8a1d-4c3b-9e7f-1a2b3c4d5e6f";

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static RestorationRequest request(ObjectRef input, RestorationOptions options) {
        return RestorationRequest.of(ID, Task.DENOISE, input, options, T0);
    }

    static RestorationOptions options(Integer iterations, Long seed, Double learningRate, Double inputNoise,
            Double averaging, Integer progressEvery) {
        return new RestorationOptions(iterations, seed, learningRate, inputNoise, averaging, progressEvery, null,
                null, null, null, null);
    }

    static List<String> fields(RestorationRequest request) {
        return RequestValidator.validate(request).stream().map(Violation::field).toList();
    }

    @Test
    void aCompleteRequestIsValid() {
        assertEquals(List.of(), fields(request(new ObjectRef("revive", "jobs/x/input"),
                RestorationOptions.defaultsFor(Task.DENOISE))));
        assertEquals(List.of(), fields(request(new ObjectRef(null, "photos/a.png"), null)));
    }

    @Test
    void reportsEveryOutOfRangeOption() {
        RestorationOptions bad = options(0, -1L, 0.0, 1.5, 1.0, 0);
        assertEquals(List.of("options.iterations", "options.progressEvery", "options.seed", "options.learningRate",
                "options.inputNoise", "options.averaging"), fields(request(new ObjectRef(null, "a.png"), bad)));
        RestorationOptions tooMany = options(Limits.MAX_ITERATIONS + 1, null, Double.NaN, null, null, null);
        assertEquals(List.of("options.iterations", "options.learningRate"),
                fields(request(new ObjectRef(null, "a.png"), tooMany)));
    }

    @Test
    void refusesHostileOrMissingInputs() {
        assertEquals(List.of("input"), fields(request(null, null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, " "), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "../other/x.png"), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "/abs.png"), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "a\u0000.png"), null)));
        assertEquals(List.of("input.key"), fields(request(new ObjectRef(null, "k".repeat(1025)), null)));
        assertEquals(List.of("input.bucket"), fields(request(new ObjectRef("Bad_Bucket", "a.png"), null)));
    }

    @Test
    void checksEnvelopeFields() {
        RestorationRequest wrong = new RestorationRequest(2, "nope", null, null, new ObjectRef(null, "a.png"), null,
                null, null, null, null, "../alice", null, null, null, null, null);
        assertEquals(List.of("schemaVersion", "jobId", "task", "owner"), fields(wrong));
    }

    @Test
    void aReplyGoesOnlyUnderThePrefixAndNeverToReviveOrKafkaTopics() {
        RestorationRequest plain = request(new ObjectRef(null, "a.png"), null);
        assertEquals(List.of(), fields(plain.withReply("order-42 / scan 7", "replies.archive")));
        assertEquals(List.of(), fields(plain.withReply("x".repeat(Limits.MAX_CORRELATION_ID_LENGTH), null)));
        for (String hostile : new String[] {Topics.REQUESTS, Topics.EVENTS, "__consumer_offsets", "replies.",
            "orders", "replies.a b", "replies./x", "replies." + "x".repeat(Limits.MAX_TOPIC_LENGTH), ""}) {
            assertEquals(List.of("replyTo"), fields(plain.withReply(null, hostile)), hostile);
        }
        for (String hostile : new String[] {"x".repeat(10_000), "", "caf\u00e9", "line\nbreak", "tab\t"}) {
            assertEquals(List.of("correlationId"), fields(plain.withReply(hostile, null)), hostile);
        }
        assertEquals(List.of(), RequestValidator.validate(plain.withReply(null, "pipelines.out"), "pipelines."));
        assertEquals(List.of("replyTo"), RequestValidator.validate(plain.withReply(null, "replies.out"), "pipelines.")
                .stream().map(Violation::field).toList());
        assertEquals(List.of("replyTo"), RequestValidator.validate(plain.withReply(null, Topics.REQUESTS), "revive")
                .stream().map(Violation::field).toList(), "a careless prefix still cannot reach Revive's topics");
    }

    @Test
    void aReplyPrefixThatCouldReachAnythingIsRefusedAtStart() {
        assertEquals("replies.", RequestValidator.requireReplyPrefix("replies."));
        for (String bad : new String[] {null, "", "revive.", "__", "a b", "r/"}) {
            assertThrows(IllegalArgumentException.class, () -> RequestValidator.requireReplyPrefix(bad), bad);
        }
    }

    @Test
    void aWebhookIsAnAbsoluteHttpUrlWithAHostAndNoUserInfo() {
        RestorationRequest base = request(new ObjectRef(null, "a.png"), null);
        for (String good : List.of("https://hooks.example.com/revive", "https://hooks.example.com:8443/a?b=c",
                "http://hooks.example.com/plain", "HTTPS://EXAMPLE.COM/")) {
            assertEquals(List.of(), fields(base.withWebhook(good)), good);
        }
        for (String bad : List.of("", "ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/",
                "javascript:alert(1)", "//example.com/no-scheme", "https://user:pass@example.com/",
                "https://user@example.com/", "https:///no-host", "https://example.com/a#fragment",
                "https://exa mple.com/", "https://example.com/\u0000", "https://" + "a".repeat(2048) + ".com/",
                "not a url", "https://[::1")) {
            assertEquals(List.of("webhook"), fields(base.withWebhook(bad)), bad);
        }
    }

    @Test
    void resolvingFillsTheTaskDefaultsAndADeterministicSeed() {
        RestorationRequest resolved = request(new ObjectRef(null, "a.png"),
                options(50, null, null, null, null, null)).resolved();
        RestorationOptions o = resolved.options();
        assertEquals(50, o.iterations());
        assertEquals(0.01, o.learningRate());
        assertEquals(0.99, o.averaging());
        assertEquals(Method.DEEP_IMAGE_PRIOR, resolved.method());
        assertEquals(o.seed(), resolved.resolved().options().seed(), "same job, same seed");
        assertTrue(o.seed() >= 0);
    }

    @Test
    void aTrainedDenoiserOnlyDenoisesAndTakesNoneOfDeepImagePriorsLoopOptions() {
        ObjectRef photo = new ObjectRef(null, "a.png");
        RestorationRequest trained = RestorationRequest.of(ID, Task.DENOISE, Method.NOISE2VOID, photo, null, null,
                null, T0).resolved();
        assertEquals(List.of(), fields(trained));
        assertEquals(null, trained.options().averaging(), "no averaging is shown as applied");
        assertEquals(Stopping.FIXED, trained.options().stop());
        assertEquals(List.of("method"), fields(RestorationRequest.of(ID, Task.SUPER_RESOLVE, Method.SELF2SELF, photo,
                null, null, null, T0)));
        RestorationOptions dipLoop = new RestorationOptions(null, null, null, 0.03, 0.9, null, null, null,
                Stopping.AUTO, null, 10);
        assertEquals(List.of("options.inputNoise", "options.averaging", "options.stop", "options.previewEvery"),
                fields(RestorationRequest.of(ID, Task.DENOISE, Method.NEIGHBOR2NEIGHBOR, photo, null, null, dipLoop,
                        T0)));
        assertEquals(List.of(), fields(RestorationRequest.of(ID, Task.DENOISE, Method.DEEP_IMAGE_PRIOR, photo, null,
                null, dipLoop, T0)));
    }

    @Test
    void eachTaskGetsTheImagesItNeedsAndNoOthers() {
        ObjectRef photo = new ObjectRef(null, "a.png");
        ObjectRef other = new ObjectRef(null, "b.png");
        assertEquals(List.of("mask"), fields(RestorationRequest.of(ID, Task.INPAINT, photo, null, null, null, T0)));
        assertEquals(List.of(), fields(RestorationRequest.of(ID, Task.INPAINT, photo, other, null, null, T0)));
        assertEquals(List.of("mask.key"),
                fields(RestorationRequest.of(ID, Task.INPAINT, photo, new ObjectRef(null, "../m"), null, null, T0)));
        assertEquals(List.of("guide"),
                fields(RestorationRequest.of(ID, Task.FLASH_GUIDED, photo, null, null, null, T0)));
        assertEquals(List.of(), fields(RestorationRequest.of(ID, Task.FLASH_GUIDED, photo, null, other, null, T0)));
        assertEquals(List.of("mask", "guide"),
                fields(RestorationRequest.of(ID, Task.DENOISE, photo, other, other, null, T0)));
    }

    @Test
    void scaleBelongsToSuperResolutionAndIsAFactorOfThePaper() {
        ObjectRef photo = new ObjectRef(null, "a.png");
        RestorationOptions x3 = RestorationOptions.NONE.withScale(3);
        assertEquals(List.of("options.scale"), fields(RestorationRequest.of(ID, Task.SUPER_RESOLVE, photo, x3, T0)));
        assertEquals(List.of("options.scale"),
                fields(RestorationRequest.of(ID, Task.DENOISE, photo, RestorationOptions.NONE.withScale(2), T0)));
        for (int factor : List.of(2, 4, 8)) {
            assertEquals(List.of(), fields(RestorationRequest.of(ID, Task.SUPER_RESOLVE, photo,
                    RestorationOptions.NONE.withScale(factor), T0)));
        }
        RestorationOptions resolved = RestorationRequest.of(ID, Task.SUPER_RESOLVE, photo, null, T0).resolved()
                .options();
        assertEquals(4, resolved.outputScale());
        assertEquals(1, request(photo, null).resolved().options().outputScale());
    }

    @Test
    void newOptionsAreBounded() {
        RestorationOptions bad = new RestorationOptions(null, null, null, null, null, null, null, 0, null,
                Limits.MAX_SECONDS + 1, -1);
        assertEquals(List.of("options.channels", "options.maxSeconds", "options.previewEvery"),
                fields(request(new ObjectRef(null, "a.png"), bad)));
    }

    @Test
    void denoisingStopsAutomaticallyByDefaultAndTheOtherTasksRunTheirCount() {
        for (Task task : Task.values()) {
            RestorationOptions d = RestorationOptions.defaultsFor(task);
            assertEquals(List.of(), RequestValidator.validateOptions(task, d), task.wireName());
            Stopping expected = task == Task.DENOISE ? Stopping.AUTO : Stopping.FIXED;
            assertEquals(expected, d.stop(), task.wireName());
        }
    }

    static final String MODEL = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    static RestorationRequest denoiseWith(Method method, String model) {
        return RestorationRequest.of(ID, Task.DENOISE, method, new ObjectRef(null, "a.png"), null, null, null, T0)
                .withModel(model);
    }

    @Test
    void aModelIdGoesWithTheMethodModelAndOnlyWithIt() {
        assertEquals(List.of(), fields(denoiseWith(Method.MODEL, MODEL)));
        assertEquals(List.of("model"), fields(denoiseWith(Method.MODEL, null)));
        assertEquals(List.of("model"), fields(denoiseWith(Method.MODEL, "../other")));
        assertEquals(List.of("model"), fields(denoiseWith(Method.NOISE2VOID, MODEL)));
        assertEquals(List.of("model"), fields(denoiseWith(Method.DEEP_IMAGE_PRIOR, MODEL)));
        RestorationRequest inpaint = RestorationRequest.of(ID, Task.SUPER_RESOLVE, Method.MODEL,
                new ObjectRef(null, "a.png"), null, null, null, T0).withModel(MODEL);
        assertEquals(List.of("method"), fields(inpaint));
    }

    static List<String> trainingFields(Method method, CollectionRef collection, RestorationOptions options) {
        return RequestValidator.validate(TrainingRequest.of(MODEL, method, collection, options, T0)).stream()
                .map(Violation::field).toList();
    }

    @Test
    void aTrainingRequestNamesASelfSupervisedMethodAndAPlainPrefix() {
        CollectionRef scans = new CollectionRef(null, "archive/scans/");
        assertEquals(List.of(), trainingFields(Method.NOISE2VOID, scans, null));
        assertEquals(List.of(), trainingFields(Method.SELF2SELF, new CollectionRef("archive", "scans/"),
                RestorationOptions.defaultsFor(Method.SELF2SELF)));
        assertEquals(List.of("method"), trainingFields(null, scans, null));
        assertEquals(List.of("method"), trainingFields(Method.DEEP_IMAGE_PRIOR, scans, null));
        assertEquals(List.of("method"), trainingFields(Method.MODEL, scans, null));
        assertEquals(List.of("collection"), trainingFields(Method.NOISE2VOID, null, null));
        for (String bad : new String[] {null, "", " ", "../x/", "/abs/", "a\u0000b", "p".repeat(1025)}) {
            assertEquals(List.of("collection.prefix"), trainingFields(Method.NOISE2VOID, new CollectionRef(null, bad),
                    null), String.valueOf(bad));
        }
        assertEquals(List.of("collection.bucket"), trainingFields(Method.NOISE2VOID,
                new CollectionRef("Bad_Bucket", "x/"), null));
        assertEquals(List.of("options.inputNoise", "options.iterations"), trainingFields(Method.NOISE2VOID, scans,
                options(0, null, null, 0.1, null, null)));
        TrainingRequest wrong = new TrainingRequest(2, "nope", Method.NOISE2VOID, scans, null, T0, "x".repeat(65), null);
        assertEquals(List.of("schemaVersion", "modelId", "owner"),
                RequestValidator.validate(wrong).stream().map(Violation::field).toList());
    }

    @Test
    void aKeyAndAPrefixAreRefusedInTheSameWords() {
        List<String> messages = RequestValidator.validate(TrainingRequest.of(MODEL, Method.DEEP_IMAGE_PRIOR,
                new CollectionRef(null, "../x/"), null, T0)).stream().map(Violation::message).toList();
        assertEquals(List.of("must be one of noise2void, neighbor2neighbor, self2self, blind-spot, noise2noise, unpaired,"
                + " old-photo-triplet, defect-detector",
                "must be a plain relative prefix (no leading '/', no '..', no control characters)"), messages);
        assertEquals(List.of("must be a plain relative key (no leading '/', no '..', no control characters)"),
                RequestValidator.validateInput(new ObjectRef(null, "/abs")).stream().map(Violation::message)
                        .toList());
    }

    @Test
    void aResolvedTrainingRequestShowsTheMethodDefaults() {
        TrainingRequest resolved = TrainingRequest.of(MODEL, Method.NOISE2VOID, new CollectionRef(null, "x/"),
                options(40, null, null, null, null, null), T0).resolved();
        assertEquals(40, resolved.options().iterations());
        assertEquals(4e-4, resolved.options().learningRate());
        assertEquals(0, resolved.options().previewEvery());
    }

    @Test
    void noise2NoiseTrainsOnAPairedCollectionAndNothingElseTakesPairs() {
        CollectionRef paired = new CollectionRef(null, "shots/a/", "shots/b/");
        assertEquals(List.of(), trainingFields(Method.NOISE2NOISE, paired, null));
        List<Violation> missing = RequestValidator.validate(TrainingRequest.of(MODEL, Method.NOISE2NOISE,
                new CollectionRef(null, "shots/a/"), null, T0));
        assertEquals(List.of("collection.pairedPrefix"), missing.stream().map(Violation::field).toList());
        assertTrue(missing.get(0).message().contains("second noisy shot"), missing.get(0).message());
        assertEquals(List.of("collection.pairedPrefix"), trainingFields(Method.NOISE2VOID, paired, null));
        for (String bad : new String[] {"", "../jobs/", "/abs/", "a\u0000b", "p".repeat(1025), "shots/a/",
                "shots/a/more/", "shots/"}) {
            assertEquals(List.of("collection.pairedPrefix"), trainingFields(Method.NOISE2NOISE,
                    new CollectionRef(null, "shots/a/", bad), null), bad);
        }
        assertEquals("shots/b/x/1.png", paired.pairOf("shots/a/x/1.png"));
    }

    @Test
    void aRestorationCannotUseNoise2NoiseForItHasOneShot() {
        RestorationRequest single = RestorationRequest.of(ID, Task.DENOISE, Method.NOISE2NOISE,
                new ObjectRef(null, "a.png"), null, null, null, T0);
        List<Violation> violations = RequestValidator.validate(single);
        assertEquals(List.of("method"), violations.stream().map(Violation::field).toList());
        assertTrue(violations.get(0).message().contains("two noisy shots"), violations.get(0).message());
        assertTrue(violations.get(0).message().contains("POST /v1/models"), violations.get(0).message());
    }

    @Test
    void theUnpairedMethodTrainsOnDegradedAndCleanPhotosAndNothingElseTakesCleanOnes() {
        CollectionRef piles = CollectionRef.unpaired(null, "scans/noisy/", "photos/clean/");
        assertEquals(List.of(), trainingFields(Method.UNPAIRED, piles, null));
        assertEquals(1e-4, TrainingRequest.of(MODEL, Method.UNPAIRED, piles, null, T0).resolved().options()
                .learningRate());
        List<Violation> missing = RequestValidator.validate(TrainingRequest.of(MODEL, Method.UNPAIRED,
                new CollectionRef(null, "scans/noisy/"), null, T0));
        assertEquals(List.of("collection.cleanPrefix"), missing.stream().map(Violation::field).toList());
        assertTrue(missing.get(0).message().contains("clean photos"), missing.get(0).message());
        for (Method other : new Method[] {Method.NOISE2VOID, Method.NOISE2NOISE, Method.BLIND_SPOT}) {
            CollectionRef stray = new CollectionRef(null, "scans/noisy/", other.needsPairs() ? "shots/b/" : null,
                    "photos/clean/");
            assertEquals(List.of("collection.cleanPrefix"), trainingFields(other, stray, null), other.wireName());
        }
        assertEquals(List.of("collection.pairedPrefix"), trainingFields(Method.UNPAIRED,
                new CollectionRef(null, "scans/noisy/", "shots/b/", "photos/clean/"), null));
        for (String bad : new String[] {"", " ", "../jobs/", "/abs/", "a\u0000b", "p".repeat(1025), "scans/noisy/",
                "scans/noisy/sub/", "scans/", "s"}) {
            assertEquals(List.of("collection.cleanPrefix"), trainingFields(Method.UNPAIRED,
                    CollectionRef.unpaired(null, "scans/noisy/", bad), null), bad);
        }
    }

    @Test
    void aFeatureModelIsAModelIdAndOnlyTheUnpairedMethodTakesOne() {
        CollectionRef piles = CollectionRef.unpaired(null, "scans/noisy/", "photos/clean/");
        TrainingRequest unpaired = TrainingRequest.of(MODEL, Method.UNPAIRED, piles, null, T0);
        assertEquals(List.of(), RequestValidator.validate(unpaired.withFeatureModel(ID)));
        assertEquals(ID, Json.read(Json.write(unpaired.withFeatureModel(ID)), TrainingRequest.class).resolved()
                .featureModel());
        for (String bad : new String[] {"", " ", "../models/x", "VGG19", ID.toUpperCase(), ID + "\n", "x".repeat(5000),
                "a\u0000b"}) {
            List<Violation> violations = RequestValidator.validate(unpaired.withFeatureModel(bad));
            assertEquals(List.of("featureModel"), violations.stream().map(Violation::field).toList(), bad);
        }
        List<Violation> stray = RequestValidator.validate(TrainingRequest.of(MODEL, Method.NOISE2VOID,
                new CollectionRef(null, "scans/noisy/"), null, T0).withFeatureModel(ID));
        assertEquals(List.of("featureModel"), stray.stream().map(Violation::field).toList());
        assertTrue(stray.get(0).message().contains("unpaired"), stray.get(0).message());
    }

    @Test
    void aRestorationCannotUseTheUnpairedMethodForItHasNoCleanPhotos() {
        RestorationRequest single = RestorationRequest.of(ID, Task.DENOISE, Method.UNPAIRED,
                new ObjectRef(null, "a.png"), null, null, null, T0);
        List<Violation> violations = RequestValidator.validate(single);
        assertEquals(List.of("method"), violations.stream().map(Violation::field).toList());
        assertTrue(violations.get(0).message().contains("collection.cleanPrefix"), violations.get(0).message());
    }

    @Test
    void theTripletMethodTrainsOnRealOldAndCleanPhotosAndOnlyOnACollection() {
        CollectionRef piles = CollectionRef.unpaired(null, "scans/old/", "photos/clean/");
        assertEquals(List.of(), trainingFields(Method.OLD_PHOTO_TRIPLET, piles, null));
        assertEquals(2e-4, TrainingRequest.of(MODEL, Method.OLD_PHOTO_TRIPLET, piles, null, T0).resolved().options()
                .learningRate());
        assertEquals(List.of("collection.cleanPrefix"), trainingFields(Method.OLD_PHOTO_TRIPLET,
                new CollectionRef(null, "scans/old/"), null));
        for (String bad : new String[] {"", "../models/", "/abs/", "a\u0000b", "p".repeat(1025), "scans/old/",
                "scans/"}) {
            assertEquals(List.of("collection.cleanPrefix"), trainingFields(Method.OLD_PHOTO_TRIPLET,
                    CollectionRef.unpaired(null, "scans/old/", bad), null), bad);
        }
        RestorationRequest single = RestorationRequest.of(ID, Task.DENOISE, Method.OLD_PHOTO_TRIPLET,
                new ObjectRef(null, "a.png"), null, null, null, T0);
        assertEquals(List.of("method"), RequestValidator.validate(single).stream().map(Violation::field).toList());
    }

    @Test
    void theDefectDetectorTrainsOnCleanPhotosAloneAndOnlyOnACollection() {
        CollectionRef clean = new CollectionRef(null, "photos/clean/");
        assertEquals(List.of(), trainingFields(Method.DEFECT_DETECTOR, clean, null));
        RestorationOptions resolved = TrainingRequest.of(MODEL, Method.DEFECT_DETECTOR, clean, null, T0).resolved()
                .options();
        assertEquals(RestorationOptions.defaultsFor(Method.DEFECT_DETECTOR).iterations(), resolved.iterations());
        assertEquals(2e-3, resolved.learningRate());
        assertEquals(Stopping.FIXED, resolved.stop());
        assertEquals(0, resolved.previewEvery());
        assertEquals(List.of(), trainingFields(Method.DEFECT_DETECTOR, clean,
                new RestorationOptions(20, 7L, 1e-3, null, null, 5, null, 8, Stopping.FIXED, 60, 0)));

        for (String bad : new String[] {null, "", "../models/", "/abs/", "a\u0000b", "p".repeat(1025)}) {
            assertEquals(List.of("collection.prefix"), trainingFields(Method.DEFECT_DETECTOR,
                    new CollectionRef(null, bad), null), String.valueOf(bad));
        }
        assertEquals(List.of("collection"), trainingFields(Method.DEFECT_DETECTOR, null, null));
        assertEquals(List.of("collection.cleanPrefix"), trainingFields(Method.DEFECT_DETECTOR,
                CollectionRef.unpaired(null, "photos/old/", "photos/clean/"), null), "it ages clean photos itself");
        assertEquals(List.of("collection.pairedPrefix"), trainingFields(Method.DEFECT_DETECTOR,
                new CollectionRef(null, "photos/a/", "photos/b/"), null));
        List<Violation> features = RequestValidator.validate(TrainingRequest.of(MODEL, Method.DEFECT_DETECTOR, clean,
                null, T0).withFeatureModel(ID));
        assertEquals(List.of("featureModel"), features.stream().map(Violation::field).toList());

        // Deep Image Prior's loop, another task's factor and the old-photo request's own detection fields
        assertEquals(List.of("options.inputNoise", "options.averaging", "options.stop", "options.previewEvery"),
                trainingFields(Method.DEFECT_DETECTOR, clean, new RestorationOptions(null, null, null, 0.03, 0.9,
                        null, null, null, Stopping.AUTO, null, 10)));
        assertEquals(List.of("options.scale"), trainingFields(Method.DEFECT_DETECTOR, clean,
                new RestorationOptions(null, null, null, null, null, null, 2, null, null, null, null)));
        List<Violation> detection = RequestValidator.validate(TrainingRequest.of(MODEL, Method.DEFECT_DETECTOR,
                clean, new RestorationOptions(null, null, null, null, null, null, null, null, null, null, null, ID,
                        0.3, null), T0));
        assertEquals(List.of("options"), detection.stream().map(Violation::field).toList());
        assertTrue(detection.get(0).message().contains("old-photo"), detection.get(0).message());
        assertEquals(List.of("options.iterations", "options.learningRate", "options.channels"),
                trainingFields(Method.DEFECT_DETECTOR, clean, new RestorationOptions(0, null, -1.0, null, null, null,
                        null, 0, null, null, null)));

        RestorationRequest single = RestorationRequest.of(ID, Task.OLD_PHOTO, Method.DEFECT_DETECTOR,
                new ObjectRef(null, "a.png"), null, null, null, T0);
        List<Violation> refused = RequestValidator.validate(single);
        assertEquals(List.of("method"), refused.stream().map(Violation::field).toList());
        assertTrue(refused.get(0).message().contains("options.detector"), refused.get(0).message());
        assertEquals(List.of("method"), RequestValidator.validate(RestorationRequest.of(ID, Task.DENOISE,
                Method.DEFECT_DETECTOR, new ObjectRef(null, "a.png"), null, null, null, T0)).stream()
                .map(Violation::field).toList(), "it denoises nothing either");
    }
}
