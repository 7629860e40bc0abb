package dev.revive.model;

/** An object in the S3 store. The bucket may be omitted in requests, meaning Revive's own bucket. */
public record ObjectRef(String bucket, String key) {

    public ObjectRef withBucketIfMissing(String defaultBucket) {
        return bucket == null || bucket.isBlank() ? new ObjectRef(defaultBucket, key) : this;
    }
}
