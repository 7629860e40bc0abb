package dev.revive.worker.job;

import dev.revive.model.ObjectRef;

/** An image the request names (input, mask or guide) is not in the store: the job cannot succeed. */
class InputMissingException extends RuntimeException {

    InputMissingException(String role, ObjectRef ref) {
        super("there is no object '" + ref.key() + "' in bucket '" + ref.bucket() + "' (the " + role + ")");
    }
}
