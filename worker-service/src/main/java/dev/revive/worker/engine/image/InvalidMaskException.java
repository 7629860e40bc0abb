package dev.revive.worker.engine.image;

import dev.revive.model.UnsupportedImageException;

/**
 * An inpainting mask that cannot be used with its photo (wrong size, nothing kept, nothing to
 * fill). An {@link UnsupportedImageException}, so callers already report it to the user as is.
 */
public final class InvalidMaskException extends UnsupportedImageException {

    public InvalidMaskException(String message) {
        super(message);
    }
}
