package dev.revive.api.security;

import dev.revive.api.config.ApiConfig;
import dev.revive.model.RequestValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configured API keys, kept as SHA-256 digests: a presented key is hashed and compared in constant time with
 * each, so neither the configuration nor the timing of a refusal gives a key away.
 */
@ApplicationScoped
public class ApiKeys {
    /** Longer than any key we hand out; longer ones are refused unhashed. */
    public static final int MAX_KEY_LENGTH = 256;

    private final Map<String, byte[]> digestsByName;

    public ApiKeys(ApiConfig config) {
        this.digestsByName = config.keys().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> parseDigest(e.getKey(), e.getValue())));
    }

    /** Whether the API asks for a key at all. */
    public boolean required() {
        return !digestsByName.isEmpty();
    }

    /** The name of the key presented, if it is one of ours. */
    public Optional<String> nameOf(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] digest = digest(key);
        String match = null;
        for (Map.Entry<String, byte[]> entry : digestsByName.entrySet()) {
            if (MessageDigest.isEqual(digest, entry.getValue())) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    /** The digest to configure for a key: what {@code printf %s KEY | sha256sum} prints. */
    public static String digestHex(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] parseDigest(String name, String hex) {
        if (!RequestValidator.isValidOwner(name)) {
            throw new IllegalArgumentException("revive.api.keys." + name + ": a key's name owns jobs and models, so it"
                    + " is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String trimmed = hex.trim();
        if (!trimmed.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("revive.api.keys." + name + " must be the key's SHA-256 as 64 hex"
                    + " digits (printf %s KEY | sha256sum), not the key itself");
        }
        return HexFormat.of().parseHex(trimmed);
    }
}
