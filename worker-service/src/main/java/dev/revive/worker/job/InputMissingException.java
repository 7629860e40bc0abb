package dev.revive.worker.job;

import dev.revive.model.ObjectRef;

/** The request names an input that is not in the store. */
class InputMissingException extends RuntimeException {
    InputMissingException(ObjectRef input) {
        super("there is no object '" + input.key() + "' in bucket '" + input.bucket() + "'");
    }
}
