package dev.revive.model;

/**
 * The photos of a collection: every image under {@code prefix} in {@code bucket}.
 *
 * @param bucket defaults to Revive's own bucket
 */
public record CollectionRef(String bucket, String prefix) {

    public CollectionRef withBucketIfMissing(String defaultBucket) {
        return bucket == null ? new CollectionRef(defaultBucket, prefix) : this;
    }
}
