package dev.revive.api.endpoint;

import dev.revive.model.Violation;
import java.util.List;

/**
 * An error body in the RFC 9457 problem-details form. {@code code} is the stable, machine-readable reason;
 * {@code violations} lists each bad field of a request.
 */
public record Problem(String type, String title, int status, String detail, String code, List<Violation> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("urn:revive:problem:" + code, title, status, detail, code, null);
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, code, list);
    }
}
