package dev.revive.worker.engine.unpaired;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The deep features of the paper's semantic consistency (VGG-19 conv5_1 trained on ImageNet there): added to
 * the training graph as fixed ops, never trained, so the term pulls the restored photo's features towards the
 * degraded one's. Without one ({@link UnpairedMethod#semantic()} empty) the term is off: the restorer is then
 * held to its input by the background term and the cycles alone; that costs no time, and its effect on quality
 * is not measured here, since no ImageNet-trained network can be downloaded on these machines.
 */
@FunctionalInterface
public interface FeatureExtractor {

    /** Features of {@code images} (NHWC in [0,1]); any shape, compared by mean squared difference. */
    Operand<TFloat32> features(Ops tf, Operand<TFloat32> images);
}
