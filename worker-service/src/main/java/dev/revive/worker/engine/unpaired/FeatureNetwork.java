package dev.revive.worker.engine.unpaired;

/**
 * A feature network that lives outside the training graph (a user's registered SavedModel, in its own graph and
 * session): it gives the semantic term's value on a batch and the term's gradient with respect to the restored
 * photos, which {@link UnpairedGraph} feeds back so the generators' gradient through it is exact (J^T g).
 */
public interface FeatureNetwork {

    /**
     * The semantic term on a batch: mean squared difference of the features of {@code restored} and
     * {@code degraded}, and its gradient with respect to {@code restored}.
     *
     * @param shape NHWC of both batches, pixels in [0,1]
     */
    Term term(float[] degraded, float[] restored, long[] shape);

    /** The term's value and its gradient, laid out as the restored batch. */
    record Term(float value, float[] gradient) {
    }
}
