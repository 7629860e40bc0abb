package dev.revive.worker.engine.unpaired;

/**
 * How much each term counts in the generators' loss. The defaults are those of the authors' published
 * configuration (adversarial 1, self-reconstruction 10, cross-cycle 10, perceptual 1, background 5); the
 * representation's adversarial term counts as the images' do.
 */
public record LossWeights(float adversarial, float representation, float reconstruction, float crossCycle,
        float background, float semantic) {

    public LossWeights {
        for (float w : new float[] {adversarial, representation, reconstruction, crossCycle, background, semantic}) {
            if (!(w >= 0 && w <= 1000)) {
                throw new IllegalArgumentException("loss weights must be in [0, 1000], got " + w);
            }
        }
    }

    public static LossWeights paper() {
        return new LossWeights(1, 1, 10, 10, 5, 1);
    }

    float[] asArray() {
        return new float[] {adversarial, representation, reconstruction, crossCycle, background, semantic};
    }
}
