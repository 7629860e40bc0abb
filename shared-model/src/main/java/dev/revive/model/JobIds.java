package dev.revive.model;

import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids are random UUIDs in canonical lower-case form; anything else is rejected before it can reach a key. */
public final class JobIds {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private JobIds() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        return id != null && CANONICAL.matcher(id).matches();
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        return id;
    }
}
