package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a restoration does to the photo. The wire name is the lower-case form used in URLs, forms and JSON. */
public enum Task {
    DENOISE("denoise");

    private final String wireName;

    Task(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses the wire name; unknown names are a client error, so the message lists the accepted ones. */
    @JsonCreator
    public static Task fromWireName(String name) {
        return WireNames.parse(Task.class, values(), Task::wireName, name);
    }
}
