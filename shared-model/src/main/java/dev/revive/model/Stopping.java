package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When an optimisation ends. */
public enum Stopping {
    /**
     * When a rule that needs no clean image says the photo is explained and further steps would fit the
     * noise; {@link RestorationOptions#iterations()} and {@link RestorationOptions#maxSeconds()} stay caps.
     */
    AUTO("auto"),
    /** After exactly {@link RestorationOptions#iterations()} steps, as in the paper. */
    FIXED("fixed");

    private final String wireName;

    Stopping(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Stopping fromWireName(String name) {
        return WireNames.parse(Stopping.class, values(), Stopping::wireName, name);
    }
}
