package dev.revive.api.endpoint;

import dev.revive.model.CollectionRef;

/**
 * JSON body of POST /v1/models/imports: where the SavedModel directory is, how to call it, and what it is for. The
 * value range and kind are strings here so that an unknown one is a violation of its own rather than an unreadable
 * body.
 */
public record ImportSubmission(CollectionRef savedModel, String signature, String input, String output,
        String valueRange, Integer channels, String kind) {
}
