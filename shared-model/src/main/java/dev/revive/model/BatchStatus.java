package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a batch stands. {@code expanding} while its source is turned into jobs, {@code running} until every job has
 * finished, then {@code done}; {@code cancelled} once asked, for good.
 */
public enum BatchStatus {
    EXPANDING("expanding"),
    RUNNING("running"),
    DONE("done"),
    CANCELLED("cancelled");

    private final String wireName;

    BatchStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static BatchStatus fromWireName(String name) {
        return WireNames.parse(BatchStatus.class, values(), BatchStatus::wireName, name);
    }
}
