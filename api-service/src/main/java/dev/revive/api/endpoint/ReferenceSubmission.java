package dev.revive.api.endpoint;

import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;

/** JSON body of a submission whose images are already in the store. */
public record ReferenceSubmission(String task, ObjectRef input, ObjectRef mask, ObjectRef guide,
        RestorationOptions options) {
}
