package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Stable failure reasons. {@link #retryable()} says whether trying again can help. */
public enum ErrorCode {
    INVALID_REQUEST("invalid-request", false),
    INPUT_NOT_FOUND("input-not-found", false),
    UNSUPPORTED_IMAGE("unsupported-image", false),
    IMAGE_TOO_LARGE("image-too-large", false),
    STORAGE_UNAVAILABLE("storage-unavailable", true),
    ENGINE_FAILURE("engine-failure", true),
    CANCELLED("cancelled", false);

    private final String wireName;
    private final boolean retryable;

    ErrorCode(String wireName, boolean retryable) {
        this.wireName = wireName;
        this.retryable = retryable;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean retryable() {
        return retryable;
    }

    @JsonCreator
    public static ErrorCode fromWireName(String name) {
        return WireNames.parse(ErrorCode.class, values(), ErrorCode::wireName, name);
    }
}
