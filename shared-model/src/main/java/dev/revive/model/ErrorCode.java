package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Stable failure reasons, for machines; the message next to the code is for people. */
public enum ErrorCode {
    INVALID_REQUEST("invalid-request"),
    INPUT_NOT_FOUND("input-not-found"),
    UNSUPPORTED_IMAGE("unsupported-image"),
    IMAGE_TOO_LARGE("image-too-large"),
    ENGINE_FAILURE("engine-failure"),
    /** An imported SavedModel that Revive cannot or will not serve: wrong signature, shapes, or a refused op. */
    UNSUPPORTED_MODEL("unsupported-model"),
    CANCELLED("cancelled");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ErrorCode fromWireName(String name) {
        return WireNames.parse(ErrorCode.class, values(), ErrorCode::wireName, name);
    }
}
