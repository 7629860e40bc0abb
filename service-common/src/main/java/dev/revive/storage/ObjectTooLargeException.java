package dev.revive.storage;

import dev.revive.model.ObjectRef;

/** An object larger than the reader is willing to hold in memory. */
public class ObjectTooLargeException extends RuntimeException {
    public ObjectTooLargeException(ObjectRef ref, long size, long limit) {
        super("the object '" + ref.key() + "' has " + size + " bytes; the limit is " + limit);
    }
}
