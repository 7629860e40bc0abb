package dev.revive.model;

import java.util.List;

/**
 * What a batch restores: every object under {@code prefix}, or the listed {@code keys}, in {@code bucket} (Revive's
 * own when absent). Exactly one of the two.
 */
public record BatchSource(String bucket, String prefix, List<String> keys) {

    public BatchSource withBucketIfMissing(String defaultBucket) {
        return bucket == null ? new BatchSource(defaultBucket, prefix, keys) : this;
    }
}
