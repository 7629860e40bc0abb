package dev.revive.worker.engine.oldphoto.triplet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step's loss terms, each unweighted, before the step's update, for the stage the step belongs to. Stage 1:
 * {@code kl}, {@code reconstruction} (VAE 1 on real and synthetic old photos), {@code latentAdversarial} (VAE 1's
 * encoder against the latent discriminator), {@code cleanKl}, {@code cleanReconstruction} (VAE 2) and
 * {@code latentDiscriminator}. Stage 2: {@code mapping} (latent L1 to VAE 2's code of the clean photo),
 * {@code imageAdversarial}, {@code featureMatching} and {@code imageDiscriminator}. The adversarial terms are a
 * game: they need only stay finite.
 *
 * @param stage 1 (the VAEs) or 2 (the mapping)
 * @param terms by wire name, in the order above
 * @param total the trained networks' weighted sum
 */
public record TripletLosses(int stage, Map<String, Double> terms, double total) {

    static final String[] STAGE_ONE = {"kl", "reconstruction", "latentAdversarial", "cleanKl",
        "cleanReconstruction", "latentDiscriminator"};
    static final String[] STAGE_TWO = {"mapping", "imageAdversarial", "featureMatching", "imageDiscriminator"};

    public TripletLosses {
        terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    public double term(String name) {
        Double value = terms.get(name);
        if (value == null) {
            throw new IllegalArgumentException("stage " + stage + " has no term " + name);
        }
        return value;
    }

    boolean finite() {
        return terms.values().stream().allMatch(Double::isFinite) && Double.isFinite(total);
    }

    static TripletLosses of(int stage, double[] values, double total) {
        String[] names = stage == 1 ? STAGE_ONE : STAGE_TWO;
        Map<String, Double> terms = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            terms.put(names[i], values[i]);
        }
        return new TripletLosses(stage, terms, total);
    }
}
