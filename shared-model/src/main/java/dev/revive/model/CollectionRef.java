package dev.revive.model;

/**
 * The photos of a collection: every image under {@code prefix} in {@code bucket}.
 *
 * @param bucket       defaults to Revive's own bucket
 * @param pairedPrefix for {@link Method#NOISE2NOISE} alone: where the second noisy shot of each scene lies, under the
 *                     same key relative to it ({@code prefix + "a/b.png"} pairs with {@code pairedPrefix + "a/b.png"})
 * @param cleanPrefix  for {@link Method#UNPAIRED} and {@link Method#OLD_PHOTO_TRIPLET} alone: clean photos, in the
 *                     same bucket; the images under {@code prefix} are the degraded (or real old) ones
 */
public record CollectionRef(String bucket, String prefix, String pairedPrefix, String cleanPrefix) {

    /** A collection of single photos. */
    public CollectionRef(String bucket, String prefix) {
        this(bucket, prefix, null, null);
    }

    /** A collection of pairs of shots. */
    public CollectionRef(String bucket, String prefix, String pairedPrefix) {
        this(bucket, prefix, pairedPrefix, null);
    }

    /** Degraded photos under {@code prefix} and clean photos of other scenes under {@code cleanPrefix}. */
    public static CollectionRef unpaired(String bucket, String prefix, String cleanPrefix) {
        return new CollectionRef(bucket, prefix, null, cleanPrefix);
    }

    public CollectionRef withBucketIfMissing(String defaultBucket) {
        return bucket == null ? new CollectionRef(defaultBucket, prefix, pairedPrefix, cleanPrefix) : this;
    }

    /** The key of the second shot of the scene at {@code key}, which lies under {@code prefix}. */
    public String pairOf(String key) {
        if (pairedPrefix == null || !key.startsWith(prefix)) {
            throw new IllegalArgumentException(key + " is not under " + prefix + " of a paired collection");
        }
        return pairedPrefix + key.substring(prefix.length());
    }
}
