package dev.revive.worker.engine.oldphoto.triplet;

import dev.revive.worker.engine.image.Image;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the network learns from: real old photos (domain R) and synthetic pairs, each a clean photo (Y), its aged
 * version (X) and the aged version's defect mask.
 *
 * @param realOld at least one
 * @param pairs   at least one
 */
public record TripletData(List<Image> realOld, List<SyntheticPair> pairs) {

    /** A clean photo, the synthesiser's old version of it and the defects' mask (1 channel, 1 on defects). */
    public record SyntheticPair(Image old, Image clean, Image mask) {

        public SyntheticPair {
            if (old.width() != clean.width() || old.height() != clean.height() || mask.width() != clean.width()
                    || mask.height() != clean.height()) {
                throw new IllegalArgumentException("a synthetic pair's old photo, clean photo and mask must be of"
                        + " one size");
            }
            if (old.channels() != clean.channels() || mask.channels() != 1) {
                throw new IllegalArgumentException("a synthetic pair's photos must agree in channels, its mask have"
                        + " one");
            }
        }
    }

    public TripletData {
        if (realOld == null || realOld.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one real old photo");
        }
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one clean photo");
        }
        realOld = List.copyOf(realOld);
        pairs = List.copyOf(pairs);
        int channels = realOld.get(0).channels();
        if (realOld.stream().anyMatch(i -> i.channels() != channels)
                || pairs.stream().anyMatch(p -> p.clean().channels() != channels)) {
            throw new IllegalArgumentException("every photo, old or clean, needs " + channels + " channels");
        }
    }

    public int channels() {
        return realOld.get(0).channels();
    }

    /** The shortest side of any photo: no patch may be larger. */
    public int smallestSide() {
        return Stream.concat(realOld.stream(), pairs.stream().map(SyntheticPair::clean))
                .mapToInt(image -> Math.min(image.width(), image.height())).min().orElseThrow();
    }
}
