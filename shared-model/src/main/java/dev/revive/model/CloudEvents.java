package dev.revive.model;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The CloudEvents 1.0 form of the contract on Kafka (the Kafka protocol binding). Events go out in binary content
 * mode: the value stays the {@link JobEvent} JSON and the attributes travel as {@code ce_} headers, so consumers
 * that know nothing of CloudEvents read the same JSON as before. Requests may come as plain JSON, as a binary-mode
 * CloudEvent, or as a structured one ({@value #STRUCTURED_MEDIA_TYPE}) with the request in {@code data}.
 */
public final class CloudEvents {
    public static final String SPEC_VERSION = "1.0";

    /** Prefix of the event types; each {@link JobStatus} has one, {@link JobStatus#eventType()}. */
    public static final String JOB_TYPE_PREFIX = "dev.revive.job.";

    /** The type a request sent as a CloudEvent must have. */
    public static final String REQUEST_TYPE = "dev.revive.restoration.requested";

    /** Workers name themselves as event sources under this URN, followed by their id. */
    public static final String WORKER_SOURCE_PREFIX = "urn:revive:worker:";

    /** The data's media type: the JSON of the contract's records. */
    public static final String JSON = "application/json";

    /** The media type of a structured-mode CloudEvent, attributes and data in one JSON object. */
    public static final String STRUCTURED_MEDIA_TYPE = "application/cloudevents+json";

    /** Headers of the Kafka binding in binary mode: each attribute under this prefix, the data type as content-type. */
    public static final String HEADER_PREFIX = "ce_";
    public static final String SPEC_VERSION_HEADER = "ce_specversion";
    public static final String ID_HEADER = "ce_id";
    public static final String SOURCE_HEADER = "ce_source";
    public static final String TYPE_HEADER = "ce_type";
    public static final String SUBJECT_HEADER = "ce_subject";
    public static final String TIME_HEADER = "ce_time";
    public static final String DATA_SCHEMA_HEADER = "ce_dataschema";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private CloudEvents() {
    }

    /** The source URI of a worker's events; characters a URN may not hold are percent-encoded. */
    public static URI workerSource(String workerId) {
        StringBuilder out = new StringBuilder(WORKER_SOURCE_PREFIX);
        for (byte b : workerId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return URI.create(out.toString());
    }

    /** Whether a content type (parameters such as charset aside) is {@code base}; media types ignore case. */
    public static boolean isMediaType(String contentType, String base) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(base);
    }
}
