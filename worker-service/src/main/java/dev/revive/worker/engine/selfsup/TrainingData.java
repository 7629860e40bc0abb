package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.image.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's noisy photos to train on, as scenes: each scene is one or more noisy observations of
 * the same content, aligned pixel for pixel. Noise2Void and Neighbor2Neighbor need one per scene;
 * Noise2Noise needs two independent ones.
 *
 * @param scenes at least one, each with observations of one size and every one with the same
 *     channels
 */
public record TrainingData(List<List<Image>> scenes) {

    public TrainingData {
        if (scenes == null || scenes.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one noisy image");
        }
        scenes = List.copyOf(scenes.stream().map(List::copyOf).toList());
        int channels = scenes.get(0).isEmpty() ? 0 : scenes.get(0).get(0).channels();
        for (int s = 0; s < scenes.size(); s++) {
            List<Image> scene = scenes.get(s);
            if (scene.isEmpty()) {
                throw new IllegalArgumentException("scene " + s + " has no image");
            }
            Image first = scene.get(0);
            for (Image image : scene) {
                if (image.channels() != channels) {
                    throw new IllegalArgumentException("scene " + s + " has a " + image.channels()
                            + "-channel image among " + channels + "-channel ones");
                }
                if (image.width() != first.width() || image.height() != first.height()) {
                    throw new IllegalArgumentException("scene " + s + " mixes " + first.width() + "x"
                            + first.height() + " and " + image.width() + "x" + image.height());
                }
            }
        }
    }

    /** Single noisy photos, one scene each (Noise2Void, Neighbor2Neighbor). */
    public static TrainingData of(List<Image> images) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one noisy image");
        }
        return new TrainingData(images.stream().map(List::of).toList());
    }

    /** Pairs of independent noisy shots of the same scenes (Noise2Noise). */
    public static TrainingData pairs(List<Image> first, List<Image> second) {
        if (first == null || second == null || first.size() != second.size()) {
            throw new IllegalArgumentException("pairs need as many second shots as first ones");
        }
        List<List<Image>> scenes = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            scenes.add(List.of(first.get(i), second.get(i)));
        }
        return new TrainingData(scenes);
    }

    public int channels() {
        return scenes.get(0).get(0).channels();
    }

    /** Observations in the scene that has the fewest. */
    public int fewestObservations() {
        return scenes.stream().mapToInt(List::size).min().orElseThrow();
    }

    /** The shortest side of any image: no patch may be larger. */
    public int smallestSide() {
        return scenes.stream().map(scene -> scene.get(0))
                .mapToInt(image -> Math.min(image.width(), image.height())).min().orElseThrow();
    }
}
