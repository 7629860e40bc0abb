package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a finished optimisation ended, reported with its result. */
public enum StopReason {
    /** The stopping rule judged the photo explained. */
    AUTO("auto"),
    /** The iteration count (or cap) was reached. */
    ITERATIONS("iterations"),
    /** The wall-time cap was reached; the estimate at that moment is the result. */
    TIME_LIMIT("time-limit");

    private final String wireName;

    StopReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static StopReason fromWireName(String name) {
        return WireNames.parse(StopReason.class, values(), StopReason::wireName, name);
    }
}
