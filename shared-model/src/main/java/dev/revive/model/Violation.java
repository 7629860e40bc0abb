package dev.revive.model;

/** One thing wrong with a request: the JSON path of the field and what is wrong with it. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
