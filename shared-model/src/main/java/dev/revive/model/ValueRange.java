package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The pixel scale an imported model reads and writes: Revive's own [0,1], or the [0,255] of 8-bit exports. */
public enum ValueRange {
    UNIT("unit", 1f),
    BYTE("byte", 255f);

    private final String wireName;
    private final float max;

    ValueRange(String wireName, float max) {
        this.wireName = wireName;
        this.max = max;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The value of white. */
    public float max() {
        return max;
    }

    @JsonCreator
    public static ValueRange fromWireName(String name) {
        return WireNames.parse(ValueRange.class, values(), ValueRange::wireName, name);
    }
}
