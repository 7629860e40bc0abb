package dev.revive.worker.engine.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * Seeds for TensorFlow's stateless random ops. A seed is the pair (key, stream): the key comes from
 * the job, the stream tells apart the tensors drawn for one job, so a fed key re-seeds everything
 * without rebuilding the graph. Stateless Philox puts the stream in the counter's high word, so
 * different streams never overlap.
 */
public final class RandomStreams {

    private RandomStreams() {}

    /** The int64[2] seed of stream {@code stream} under {@code key} (an int64 scalar). */
    public static Operand<TInt64> seed(Ops tf, Operand<TInt64> key, long stream) {
        return seed(tf, key, tf.constant(stream));
    }

    /** As {@link #seed(Ops, Operand, long)}, with a stream index computed in the graph. */
    public static Operand<TInt64> seed(Ops tf, Operand<TInt64> key, Operand<TInt64> stream) {
        return tf.stack(List.of(key, stream));
    }

    /**
     * Mixes a user seed into a well-spread 64-bit key (SplitMix64's finaliser), so that neighbouring
     * job seeds and different purposes of one seed get unrelated random streams.
     */
    public static long mix(long seed, long purpose) {
        long z = seed + purpose * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
