package dev.revive.api.endpoint;

import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;

/** JSON body of a submission whose images are already in the store; {@code method} defaults to dip. */
public record ReferenceSubmission(String task, String method, ObjectRef input, ObjectRef mask, ObjectRef guide,
        RestorationOptions options) {
}
