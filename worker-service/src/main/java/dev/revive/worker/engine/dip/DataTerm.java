package dev.revive.worker.engine.dip;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What the generated image must explain: the task-specific part of DIP. Every task of the paper
 * is a {@link MaskedMseTerm} of the output or of its downsampling; the observation lives in graph
 * variables loaded once per job.
 */
public interface DataTerm {

    /** Scalar loss of the network output against the loaded observation. */
    Operand<TFloat32> loss();
}
