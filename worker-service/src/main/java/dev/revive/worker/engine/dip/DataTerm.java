package dev.revive.worker.engine.dip;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What the generated image must explain: the task-specific part of DIP. Denoising compares the
 * output with the noisy image; super-resolution would compare a downsampled output with the small
 * image, inpainting only the known pixels. Each term keeps its observation in graph variables that
 * are loaded once per job.
 */
public interface DataTerm {

    /** Scalar loss of the network output against the loaded observation. */
    Operand<TFloat32> loss();

    /** Adds a data term for {@code output} (NHWC) to the graph. */
    @FunctionalInterface
    interface Factory<T extends DataTerm> {
        T attach(Ops tf, Operand<TFloat32> output);
    }
}
