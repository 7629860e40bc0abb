package dev.revive.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bucket notification as MinIO (like S3) publishes it: one or more event records, each naming a bucket and an
 * object. Only the fields Revive reads are declared; the format is MinIO's, not ours, so unknown ones are ignored.
 */
public record StorageNotification(@JsonProperty("Records") List<Entry> records) {
    private static final String OBJECT_CREATED = "s3:ObjectCreated:";

    public List<Entry> records() {
        return records == null ? List.of() : records;
    }

    /** One event: what happened ({@code s3:ObjectCreated:Put}, ...) to which object. */
    public record Entry(String eventName, S3 s3) {
        public boolean objectCreated() {
            return eventName != null && eventName.startsWith(OBJECT_CREATED) && s3 != null && s3.bucket() != null
                    && s3.bucket().name() != null && s3.object() != null && s3.object().key() != null;
        }

        public String bucket() {
            return s3.bucket().name();
        }

        /** The object's key as stored: event records carry it URL-encoded (a space as '+'). */
        public String key() {
            return URLDecoder.decode(s3.object().key(), StandardCharsets.UTF_8);
        }

        /** Tells two uploads under one key apart; empty when the store sent none. */
        public String eTag() {
            return s3.object().eTag() == null ? "" : s3.object().eTag();
        }
    }

    public record S3(Bucket bucket, StoredObject object) {
    }

    public record Bucket(String name) {
    }

    public record StoredObject(String key, Long size, String eTag) {
    }
}
