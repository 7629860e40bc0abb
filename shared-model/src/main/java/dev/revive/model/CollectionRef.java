package dev.revive.model;

/**
 * The photos of a collection: every image under {@code prefix} in {@code bucket}.
 *
 * @param bucket       defaults to Revive's own bucket
 * @param pairedPrefix for {@link Method#NOISE2NOISE} alone: where the second noisy shot of each scene lies, under the
 *                     same key relative to it ({@code prefix + "a/b.png"} pairs with {@code pairedPrefix + "a/b.png"})
 */
public record CollectionRef(String bucket, String prefix, String pairedPrefix) {

    /** A collection of single photos. */
    public CollectionRef(String bucket, String prefix) {
        this(bucket, prefix, null);
    }

    public CollectionRef withBucketIfMissing(String defaultBucket) {
        return bucket == null ? new CollectionRef(defaultBucket, prefix, pairedPrefix) : this;
    }

    /** The key of the second shot of the scene at {@code key}, which lies under {@code prefix}. */
    public String pairOf(String key) {
        if (pairedPrefix == null || !key.startsWith(prefix)) {
            throw new IllegalArgumentException(key + " is not under " + prefix + " of a paired collection");
        }
        return pairedPrefix + key.substring(prefix.length());
    }
}
