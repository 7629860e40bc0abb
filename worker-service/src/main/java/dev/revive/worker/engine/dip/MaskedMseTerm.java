package dev.revive.worker.engine.dip;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Mean squared error between an estimate and the observed image over the pixels a mask keeps: the
 * data term of every task. Denoising compares the output itself, keeping out the padding;
 * inpainting also keeps out the holes; super-resolution compares the downsampled output with the
 * small image. Target and mask are variables loaded once per job.
 */
public final class MaskedMseTerm implements DataTerm {

    private final Shape targetShape;
    private final Shape maskShape;
    private final Placeholder<TFloat32> targetIn;
    private final Placeholder<TFloat32> maskIn;
    private final Op load;
    private final Operand<TFloat32> loss;

    /** @param estimate what the observation is compared with (NHWC) */
    public MaskedMseTerm(Ops tf, Operand<TFloat32> estimate) {
        Ops scope = tf.withSubScope("data_term");
        targetShape = estimate.shape();
        maskShape = Shape.of(1, targetShape.get(1), targetShape.get(2), 1);
        Variable<TFloat32> target = scope.withName("target").variable(targetShape, TFloat32.class);
        Variable<TFloat32> mask = scope.withName("mask").variable(maskShape, TFloat32.class);
        targetIn = scope.withName("target_in")
                .placeholder(TFloat32.class, Placeholder.shape(targetShape));
        maskIn = scope.withName("mask_in").placeholder(TFloat32.class, Placeholder.shape(maskShape));
        load = scope.withControlDependencies(
                List.of(scope.assign(target, targetIn), scope.assign(mask, maskIn))).noOp();

        // mean(mask * err) / mean(mask) = sum over kept samples / (kept pixels * channels)
        Operand<TFloat32> squared =
                scope.math.mul(scope.math.squaredDifference(estimate, target), mask);
        Operand<TInt32> allAxes = scope.constant(new int[] {0, 1, 2, 3});
        loss = scope.math.div(scope.math.mean(squared, allAxes), scope.math.mean(mask, allAxes));
    }

    @Override
    public Operand<TFloat32> loss() {
        return loss;
    }

    /**
     * Copies one job's observation (HWC at the estimate's size) and its mask (HW: 1 where a pixel
     * counts, 0 in the padding and the holes; not all 0) into the graph.
     */
    public void load(Session session, float[] target, float[] mask) {
        if (target.length != targetShape.size() || mask.length != maskShape.size()) {
            throw new IllegalArgumentException("expected " + targetShape.size() + " target and "
                    + maskShape.size() + " mask samples, got " + target.length + " and " + mask.length);
        }
        try (TFloat32 targetTensor =
                        TFloat32.tensorOf(targetShape, DataBuffers.of(target, true, false));
                TFloat32 maskTensor = TFloat32.tensorOf(maskShape, DataBuffers.of(mask, true, false))) {
            session.runner().feed(targetIn, targetTensor).feed(maskIn, maskTensor).addTarget(load).run()
                    .close();
        }
    }
}
