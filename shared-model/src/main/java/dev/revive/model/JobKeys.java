package dev.revive.model;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The object keys of one job. Deterministic in the job id, so a redelivered request overwrites
 * rather than duplicates: this is half of "processed at least once, visible exactly once".
 */
public record JobKeys(String jobId) {
    private static final String PREFIX = "jobs/";

    public JobKeys {
        JobIds.requireValid(jobId);
    }

    public static JobKeys of(String jobId) {
        return new JobKeys(jobId);
    }

    /** Which job's folder a key or key prefix lies in; see {@link KeyAreas#folderIn}. */
    public static Optional<String> owningFolder(String keyOrPrefix) {
        return KeyAreas.folderIn(PREFIX, keyOrPrefix);
    }

    /** The job's folder; everything the job owns lives below it. */
    public String prefix() {
        return PREFIX + jobId + "/";
    }

    /** The input as uploaded (or copied from the referenced object), in its original format. */
    public String input() {
        return prefix() + "input";
    }

    /** The mask of an inpainting job, as uploaded or copied. */
    public String mask() {
        return prefix() + "mask";
    }

    /** The flash photo of a flash-guided job, as uploaded or copied. */
    public String guide() {
        return prefix() + "guide";
    }

    /** The result, in the format of the input where that format can hold it. */
    public String result(ImageFormat format) {
        return prefix() + "result." + format.extension();
    }

    /** A small PNG of the current estimate, replaced while the job runs, so clients can watch it emerge. */
    public String preview() {
        return prefix() + "preview.png";
    }

    /** The job record (JSON), the source of truth for status. */
    public String record() {
        return prefix() + "job.json";
    }

    /**
     * Present once someone asked to cancel the job. A marker rather than a record change, so the request
     * can never be overwritten by a worker writing the record at the same moment.
     */
    public String cancellation() {
        return prefix() + "cancel";
    }

    /** Where the api keeps a marker per unfinished job of one API key, to count them against its quota. */
    public static String activePrefix(String owner) {
        return "owners/" + owner + "/active/";
    }

    /** This job's marker among its owner's unfinished jobs. */
    public String activeMarker(String owner) {
        return activePrefix(owner) + jobId;
    }

    /**
     * Where the api remembers which job a client's idempotency key created. The key is hashed: it is the
     * client's text, and must not shape our key space.
     */
    public static String idempotency(String clientKey) {
        return "idempotency/" + Hashes.sha256(clientKey.getBytes(StandardCharsets.UTF_8)) + ".json";
    }
}
