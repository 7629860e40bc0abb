package dev.revive.worker.engine.selfsup;

/**
 * How a trained network is applied to a photo: once, or as Self2Self does, as the mean of several
 * passes, each over a random Bernoulli mask of the input and with dropout on.
 *
 * @param passes networks outputs averaged, at least 1
 * @param keep probability that an input sample is kept in a pass (1: the whole input)
 * @param dropout the decoder's dropout rate in a pass (0: none)
 */
public record Inference(int passes, float keep, float dropout) {

    /** One plain pass: every method but Self2Self. */
    public static final Inference SINGLE = new Inference(1, 1f, 0f);

    public Inference {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep probability must be in (0, 1], got " + keep);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
