package dev.revive.worker.engine.unpaired;

import dev.revive.worker.engine.image.Image;
import java.util.List;

/**
 * The two piles the method learns from: degraded photos, and clean photos of other scenes (no pairs).
 *
 * @param degraded at least one, all of the clean ones' channels
 * @param clean    at least one
 */
public record UnpairedData(List<Image> degraded, List<Image> clean) {

    public UnpairedData {
        if (degraded == null || degraded.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one degraded photo");
        }
        if (clean == null || clean.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one clean photo");
        }
        degraded = List.copyOf(degraded);
        clean = List.copyOf(clean);
        int channels = degraded.get(0).channels();
        if (degraded.stream().anyMatch(i -> i.channels() != channels)
                || clean.stream().anyMatch(i -> i.channels() != channels)) {
            throw new IllegalArgumentException("every photo, degraded or clean, needs " + channels + " channels");
        }
    }

    public int channels() {
        return degraded.get(0).channels();
    }

    /** The shortest side of any photo of either pile: no patch may be larger. */
    public int smallestSide() {
        return java.util.stream.Stream.concat(degraded.stream(), clean.stream())
                .mapToInt(image -> Math.min(image.width(), image.height())).min().orElseThrow();
    }
}
