package dev.revive.api.job;

/**
 * The images of one submission as received, before anything is stored: the photo, and the mask or guide
 * its task needs (null when absent).
 */
public record SubmittedImages(byte[] input, byte[] mask, byte[] guide) {

    public static SubmittedImages of(byte[] input) {
        return new SubmittedImages(input, null, null);
    }
}
