package dev.revive.worker.engine.oldphoto.triplet;

import static dev.revive.worker.engine.nn.Layers.maxPool2x;

import dev.revive.worker.engine.nn.Conv;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.ResidualBlock;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The paper's partial non-local block: inside the defect mask, a position is rebuilt from what the whole
 * picture holds outside it, and outside the mask, from its neighbourhood. Attention is embedded-Gaussian
 * non-local attention (Wang et al. 2018) whose keys exclude masked positions: s_ij = (1 - m_j) exp(f_ij) /
 * sum_k (1 - m_k) exp(f_ik). The output fuses the branches, (1 - m) * local(F) + m * global(O).
 *
 * <p>Keys and values are max-pooled 2x2 (Wang et al.'s sub-sampling), so a 128x128 latent code attends to 64x64
 * keys; a pooled key is masked when any of its four positions is. Without a defect (mask all 0) the block is its
 * local branch.
 */
final class PartialNonLocal {

    /** Far below any logit: a masked key's weight underflows to exactly 0. */
    private static final float MASKED_LOGIT = -1e4f;

    private final Conv query;
    private final Conv key;
    private final Conv value;
    private final Conv out;
    private final ResidualBlock local;
    private final ResidualBlock global;
    private final int inner;

    PartialNonLocal(Ops tf, Parameters params, String name, int channels) {
        Ops scope = tf.withSubScope(name);
        inner = Math.max(1, channels / 2);
        query = new Conv(scope, params, "theta", channels, inner, 1, 1);
        key = new Conv(scope, params, "phi", channels, inner, 1, 1);
        value = new Conv(scope, params, "g", channels, inner, 1, 1);
        out = new Conv(scope, params, "nu", inner, channels, 1, 1);
        local = new ResidualBlock(scope, params, "local", channels);
        global = new ResidualBlock(scope, params, "global", channels);
    }

    /**
     * @param features [N,h,w,C] with even h and w
     * @param mask     [N or 1,h,w,1], 1 on defects and 0 elsewhere
     */
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> features, Operand<TFloat32> mask) {
        Operand<TFloat32> attended = out.apply(tf, attention(tf, features, mask));
        Operand<TFloat32> keep = tf.math.sub(tf.constant(1f), mask);
        return tf.math.add(tf.math.mul(keep, local.apply(tf, features)),
                tf.math.mul(mask, global.apply(tf, attended)));
    }

    /** O of the paper, [N,h,w,inner]: each position's average of unmasked values, weighted by similarity. */
    Operand<TFloat32> attention(Ops tf, Operand<TFloat32> features, Operand<TFloat32> mask) {
        Operand<TFloat32> queries = query.apply(tf, features);
        Operand<TFloat32> q = rows(tf, queries);
        Operand<TFloat32> k = rows(tf, maxPool2x(tf, key.apply(tf, features)));
        Operand<TFloat32> v = rows(tf, maxPool2x(tf, value.apply(tf, features)));
        Operand<TFloat32> keyMask = tf.reshape(maxPool2x(tf, mask),
                tf.stack(List.of(batch(tf, mask), tf.constant(1), tf.constant(-1))));
        Operand<TFloat32> similarity = tf.math.mul(tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
                tf.constant((float) (1 / Math.sqrt(inner))));
        // a masked key's logit is a constant, whatever its features: they cannot reach any weight
        Operand<TFloat32> logits = tf.math.add(tf.math.mul(similarity, tf.math.sub(tf.constant(1f), keyMask)),
                tf.math.mul(keyMask, tf.constant(MASKED_LOGIT)));
        Operand<TFloat32> weights = tf.nn.softmax(logits);
        return tf.reshape(tf.train.batchMatMul(weights, v, TFloat32.class), tf.shape(queries));
    }

    /** [N,h,w,c] as [N,h*w,c]. */
    private Operand<TFloat32> rows(Ops tf, Operand<TFloat32> map) {
        return tf.reshape(map, tf.stack(List.of(batch(tf, map), tf.constant(-1), tf.constant(inner))));
    }

    private static Operand<TInt32> batch(Ops tf, Operand<TFloat32> map) {
        return tf.reshape(tf.slice(tf.shape(map), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[0]));
    }
}
