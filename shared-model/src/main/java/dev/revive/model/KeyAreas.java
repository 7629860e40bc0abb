package dev.revive.model;

import java.util.Optional;

/** The store's areas (jobs/, models/), each a folder per id: which folder a key or a key prefix reaches into. */
final class KeyAreas {
    /** Where Revive keeps its own objects; no client's reference or result may reach into them. */
    static final java.util.List<String> RESERVED = java.util.List.of("jobs/", "models/", "batches/", "owners/",
            "idempotency/");

    private KeyAreas() {
    }

    /** Whether a key or key prefix reaches into one of Revive's own areas ("jo" reaches into "jobs/"). */
    static boolean reserved(String keyOrPrefix) {
        return RESERVED.stream().anyMatch(area -> area.startsWith(keyOrPrefix) || keyOrPrefix.startsWith(area));
    }

    /**
     * The text after {@code area} up to the next '/' (maybe not a valid id, maybe empty); empty when the key lies
     * outside the area. A prefix of the area's name itself ("jo" for "jobs/") reaches into every folder and
     * yields "".
     */
    static Optional<String> folderIn(String area, String keyOrPrefix) {
        if (area.startsWith(keyOrPrefix)) {
            return Optional.of("");
        }
        if (!keyOrPrefix.startsWith(area)) {
            return Optional.empty();
        }
        String rest = keyOrPrefix.substring(area.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
    }
}
