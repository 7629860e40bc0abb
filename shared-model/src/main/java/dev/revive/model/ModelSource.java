package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a model's weights came from; a record without one predates imports and was trained here. */
public enum ModelSource {
    /** Trained by a worker on a collection ({@link TrainingRequest}). */
    TRAINED("trained"),
    /** A user's own SavedModel, copied and checked by a worker ({@link ImportRequest}). */
    IMPORTED("imported");

    private final String wireName;

    ModelSource(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ModelSource fromWireName(String name) {
        return WireNames.parse(ModelSource.class, values(), ModelSource::wireName, name);
    }
}
