package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a restoration does to the photo: the tasks of the Deep Image Prior paper. The wire name is the
 * lower-case form used in URLs, forms and JSON.
 */
public enum Task {
    /** Gaussian or real camera/scanner noise, colour or gray. */
    DENOISE("denoise"),
    /** A larger photo whose downsampling is the input; {@link RestorationOptions#scale()} says how much larger. */
    SUPER_RESOLVE("super-resolve"),
    /** Fills the pixels a mask marks as unknown: scratches, holes, or pixels dropped at random. */
    INPAINT("inpaint"),
    /** Removes JPEG block and ringing artifacts. */
    DEJPEG("dejpeg"),
    /** Restores a photo taken without flash using its flash twin as the network's input. */
    FLASH_GUIDED("flash-guided"),
    /**
     * Brings an old photo back: its scratches, dust, spots and folds found by a defect detector (or given as a
     * mask), filled by inpainting, and the whole then denoised.
     */
    OLD_PHOTO("old-photo");

    private final String wireName;

    Task(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether a request for this task must carry a mask, the map of known pixels. */
    public boolean needsMask() {
        return this == INPAINT;
    }

    /** Whether a request for this task may carry a mask: inpainting must, an old photo may (instead of detection). */
    public boolean usesMask() {
        return this == INPAINT || this == OLD_PHOTO;
    }

    /** Whether a request for this task must carry a guide, the flash photo of the same scene. */
    public boolean needsGuide() {
        return this == FLASH_GUIDED;
    }

    /** Parses the wire name; unknown names are a client error, so the message lists the accepted ones. */
    @JsonCreator
    public static Task fromWireName(String name) {
        return WireNames.parse(Task.class, values(), Task::wireName, name);
    }
}
