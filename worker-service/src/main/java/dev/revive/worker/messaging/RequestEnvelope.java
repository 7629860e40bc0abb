package dev.revive.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.model.CloudEvents;
import dev.revive.model.Json;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Takes the request JSON out of whichever form a producer sent it in: plain JSON, a binary-mode CloudEvent (the
 * attributes in {@code ce_} headers, the request as the value) or a structured-mode one (the request in
 * {@code data}). A CloudEvent that breaks the binding's rules is refused with the rule it broke, so a producer learns
 * from the dead letter what to fix, instead of the request being read for something it was not.
 */
final class RequestEnvelope {
    /** Longest piece of a producer's value quoted in a reason: enough to recognise it, too short to flood a header. */
    private static final int QUOTE_LIMIT = 64;

    private RequestEnvelope() {
    }

    /** @throws InvalidRequestException naming what is wrong with the envelope */
    static String unwrap(Headers headers, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("the message is empty");
        }
        String contentType = header(headers, CloudEvents.CONTENT_TYPE_HEADER);
        if (CloudEvents.isMediaType(contentType, CloudEvents.STRUCTURED_MEDIA_TYPE)) {
            return structured(value);
        }
        if (hasAttributeHeaders(headers)) {
            return binary(headers, contentType, value);
        }
        return value;
    }

    private static String structured(String value) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the structured CloudEvent is not readable JSON: "
                    + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("a structured CloudEvent must be a JSON object");
        }
        attributes(text(event, "specversion"), text(event, "id"), text(event, "source"), text(event, "type"),
                "");
        String dataType = text(event, "datacontenttype");
        if (dataType != null && !CloudEvents.isMediaType(dataType, CloudEvents.JSON)) {
            throw new InvalidRequestException("datacontenttype must be " + CloudEvents.JSON + ", not "
                    + quote(dataType));
        }
        if (event.has("data_base64")) {
            throw new InvalidRequestException("the request must be JSON in 'data', not base64 in 'data_base64'");
        }
        JsonNode data = event.get("data");
        if (data == null || data.isNull()) {
            throw new InvalidRequestException("the CloudEvent has no data: the request goes in 'data'");
        }
        if (!data.isObject()) {
            throw new InvalidRequestException("the CloudEvent's data must be the request as a JSON object, not "
                    + data.getNodeType().toString().toLowerCase());
        }
        return data.toString();
    }

    private static String binary(Headers headers, String contentType, String value) {
        attributes(header(headers, CloudEvents.SPEC_VERSION_HEADER), header(headers, CloudEvents.ID_HEADER),
                header(headers, CloudEvents.SOURCE_HEADER), header(headers, CloudEvents.TYPE_HEADER),
                CloudEvents.HEADER_PREFIX);
        if (contentType != null && !CloudEvents.isMediaType(contentType, CloudEvents.JSON)) {
            throw new InvalidRequestException("the content-type of a binary CloudEvent request must be "
                    + CloudEvents.JSON + ", not " + quote(contentType));
        }
        return value;
    }

    /** The attributes every CloudEvent must have, and the type that makes it a restoration request. */
    private static void attributes(String specVersion, String id, String source, String type, String prefix) {
        if (specVersion == null) {
            throw new InvalidRequestException("a CloudEvent needs " + prefix + "specversion "
                    + CloudEvents.SPEC_VERSION);
        }
        if (!CloudEvents.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidRequestException("CloudEvents spec version " + quote(specVersion)
                    + " is not supported; supported: " + CloudEvents.SPEC_VERSION);
        }
        if (id == null || id.isEmpty()) {
            throw new InvalidRequestException("a CloudEvent needs a non-empty " + prefix + "id");
        }
        if (source == null || source.isEmpty()) {
            throw new InvalidRequestException("a CloudEvent needs a non-empty " + prefix + "source");
        }
        if (!CloudEvents.REQUEST_TYPE.equals(type)) {
            throw new InvalidRequestException("a CloudEvent on the request topic must have " + prefix + "type "
                    + CloudEvents.REQUEST_TYPE + ", not " + (type == null ? "none" : quote(type)));
        }
    }

    private static boolean hasAttributeHeaders(Headers headers) {
        for (Header header : headers) {
            if (header.key().startsWith(CloudEvents.HEADER_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode event, String field) {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node + " (not a string)";
    }

    /** A producer's value in a reason: quoted, cut short, with control characters shown as '?'. */
    private static String quote(String value) {
        String cut = value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "..." : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
