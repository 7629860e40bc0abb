package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an imported model is for, which decides how its import is checked and where it may be named. Every model
 * trained here is a denoiser.
 */
public enum ModelKind {
    /** Maps a photo to a photo of the same size and channels: serves {@code method=model} restorations. */
    DENOISER("denoiser"),
    /**
     * Maps a photo to features of any shape (e.g. a VGG layer): only the semantic term's {@code featureModel}. That
     * term takes a denoiser too, whose output is a feature map of the photo's own size.
     */
    FEATURES("features");

    private final String wireName;

    ModelKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether {@code method=model} may serve it: only a model whose output is a photo restores one. */
    public boolean restores() {
        return this == DENOISER;
    }

    @JsonCreator
    public static ModelKind fromWireName(String name) {
        return WireNames.parse(ModelKind.class, values(), ModelKind::wireName, name);
    }
}
