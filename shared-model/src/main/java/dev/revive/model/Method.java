package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a task is carried out. Per-request Deep Image Prior needs no training data at all. */
public enum Method {
    DEEP_IMAGE_PRIOR("dip");

    private final String wireName;

    Method(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Method fromWireName(String name) {
        return WireNames.parse(Method.class, values(), Method::wireName, name);
    }
}
