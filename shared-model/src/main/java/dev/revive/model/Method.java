package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a task is carried out. None needs clean training data: Deep Image Prior fits a new network to the
 * photo for every task; the self-supervised methods train a denoiser on the photo's own noise and then
 * apply it, so they only denoise.
 */
public enum Method {
    DEEP_IMAGE_PRIOR("dip"),
    /** Noise2Void: pixels hidden behind a random neighbour, the loss only on them. */
    NOISE2VOID("noise2void"),
    /** Neighbor2Neighbor: two sub-sampled halves of the photo as input and target, with its regulariser. */
    NEIGHBOR2NEIGHBOR("neighbor2neighbor"),
    /** Self2Self: Bernoulli-masked inputs with dropout, an ensemble of dropout passes as the result. */
    SELF2SELF("self2self"),
    /**
     * HQ-SSL's blind-spot network: the blind spot built into the network, every pixel a target, and the
     * photo's own pixel put back by a Gaussian posterior mean.
     */
    BLIND_SPOT("blind-spot"),
    /**
     * Noise2Noise: one noisy shot of a scene regressed onto another. It needs two aligned shots of every scene, so it
     * trains only on a paired collection ({@link CollectionRef#pairedPrefix()}), never on a single photo.
     */
    NOISE2NOISE("noise2noise"),
    /**
     * Invariant-representation restoration (Du et al. 2020): learns from degraded photos and, apart, clean photos of
     * other scenes ({@link CollectionRef#cleanPrefix()}), with no pairs; trains only on such a collection.
     */
    UNPAIRED("unpaired"),
    /**
     * Triplet domain translation for old photos (Wan et al. 2020): learns from real old photos and clean photos
     * ({@link CollectionRef#cleanPrefix()}), which it ages itself into synthetic pairs; trains only on such a
     * collection.
     */
    OLD_PHOTO_TRIPLET("old-photo-triplet"),
    /**
     * The old-photo task's defect detector: a U-Net taught, on clean photos the ageing synthesiser scratches and
     * stains itself, to find local defects. Its model restores nothing: an old-photo request names it as
     * {@link RestorationOptions#detector()}; so it trains only on a collection.
     */
    DEFECT_DETECTOR("defect-detector"),
    /** A denoiser trained beforehand on a collection ({@link TrainingRequest}), named by its model id. */
    MODEL("model");

    private final String wireName;

    Method(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Whether this method can carry out {@code task}. The detector carries out none (it serves the old-photo task);
     * a stored model also repairs old photos: a triplet model ({@link ModelRecord#serves}) is fed the defect mask.
     */
    public boolean supports(Task task) {
        return this == DEEP_IMAGE_PRIOR || (task == Task.DENOISE && !isDetector())
                || (this == MODEL && task == Task.OLD_PHOTO);
    }

    /** Whether this method trains a denoiser on noisy photos alone, so a collection can train one to keep. */
    public boolean isSelfSupervised() {
        return this == NOISE2VOID || this == NEIGHBOR2NEIGHBOR || this == SELF2SELF || this == BLIND_SPOT
                || this == NOISE2NOISE;
    }

    /**
     * Whether a collection can train a model of it to keep: the self-supervised methods, the two-pile ones and the
     * defect detector.
     */
    public boolean isTrainable() {
        return isSelfSupervised() || needsCleanPhotos() || isDetector();
    }

    /** Whether its model finds defects for the old-photo task rather than restoring a photo. */
    public boolean isDetector() {
        return this == DEFECT_DETECTOR;
    }

    /** Whether it learns from two noisy shots of each scene, so a collection must name the second ones. */
    public boolean needsPairs() {
        return this == NOISE2NOISE;
    }

    /** Whether it learns from clean photos besides the degraded ones, which a collection names. */
    public boolean needsCleanPhotos() {
        return this == UNPAIRED || this == OLD_PHOTO_TRIPLET;
    }

    /**
     * Whether it needs more than the one photo of a restoration (or restores nothing), so it trains only on a
     * collection.
     */
    public boolean trainsOnlyOnACollection() {
        return needsPairs() || needsCleanPhotos() || isDetector();
    }

    /** Whether the options of Deep Image Prior's loop (input noise, averaging, automatic stop) apply. */
    public boolean isDeepImagePrior() {
        return this == DEEP_IMAGE_PRIOR;
    }

    @JsonCreator
    public static Method fromWireName(String name) {
        return WireNames.parse(Method.class, values(), Method::wireName, name);
    }
}
