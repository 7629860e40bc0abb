package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an {@link Task#OLD_PHOTO} request's own mask does to the detected defects. */
public enum MaskUse {
    /** The mask is the whole answer: detection is skipped. */
    REPLACE("replace"),
    /** The mask's holes are added to the detected defects: a correction for what the detector missed. */
    ADD("add");

    private final String wireName;

    MaskUse(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static MaskUse fromWireName(String name) {
        return WireNames.parse(MaskUse.class, values(), MaskUse::wireName, name);
    }
}
