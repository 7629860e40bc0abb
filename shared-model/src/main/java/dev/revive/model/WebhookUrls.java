package dev.revive.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a completion webhook may look like on the wire: an absolute http(s) URL with a host and no user info.
 * Where it may point (no private, loopback or metadata addresses) is the worker's call at delivery time, since
 * names resolve differently over time.
 */
public final class WebhookUrls {
    private WebhookUrls() {
    }

    /** Why {@code url} is not a webhook URL, or empty when it is one. */
    public static Optional<String> problem(String url) {
        if (url.isEmpty() || url.length() > Limits.MAX_WEBHOOK_LENGTH) {
            return Optional.of("must be 1 to " + Limits.MAX_WEBHOOK_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an https (or http) URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return Optional.of("must not carry user info");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        return Optional.empty();
    }

    /** Whether a valid webhook URL is plain http, which the worker calls only when configured to. */
    public static boolean isPlainHttp(String url) {
        return URI.create(url).getScheme().equalsIgnoreCase("http");
    }
}
