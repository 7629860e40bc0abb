package dev.revive.worker.engine.unpaired;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step's loss terms, each unweighted, before the step's update. The adversarial terms are a game
 * between generators and discriminators: they need not fall as training goes on, only stay finite.
 *
 * @param adversarial    least squares of D_X and D_Y on the translations, as the generators see it
 * @param representation least squares of D_R on z_X, as E_X sees it (domain adaptation of the codes)
 * @param reconstruction L1 of each photo rebuilt from its own codes
 * @param crossCycle     L1 of each photo rebuilt after translating both ways
 * @param background     the blurred-difference L1 of {@link BackgroundConsistency}
 * @param semantic       mean squared feature difference; 0 when the term is off
 * @param discriminators the three discriminators' own least squares
 * @param total          the generators' weighted sum
 */
public record Losses(double adversarial, double representation, double reconstruction, double crossCycle,
        double background, double semantic, double discriminators, double total) {

    /** By wire name, in this order, as the model record's progress shows them. */
    public Map<String, Double> byName() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("adversarial", adversarial);
        out.put("representation", representation);
        out.put("reconstruction", reconstruction);
        out.put("crossCycle", crossCycle);
        out.put("background", background);
        out.put("semantic", semantic);
        out.put("discriminators", discriminators);
        return out;
    }

    boolean finite() {
        return byName().values().stream().allMatch(Double::isFinite) && Double.isFinite(total);
    }
}
