package dev.revive.worker.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SkipNetworkTest {

    /** {@code sum(p.numel() for p in skip_net().parameters())} of shared/bench/torch_skipnet.py. */
    private static final long TORCH_REFERENCE_RGB = 2_217_831L;
    private static final long TORCH_REFERENCE_GRAY = 2_217_573L;

    @Test
    void referenceNetworkHasThePyTorchParameterCount() {
        assertEquals(TORCH_REFERENCE_RGB, parameterCount(SkipConfig.reference(3)));
        assertEquals(TORCH_REFERENCE_GRAY, parameterCount(SkipConfig.reference(1)));
    }

    @Test
    void outputHasTheInputResolutionAndImageChannels() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 64, 96, 32)));
            SkipNetwork network =
                    SkipNetwork.build(tf, new Parameters(tf), input, SkipConfig.reference(3));
            assertEquals(Shape.of(1, 64, 96, 3), network.output().shape());
        }
    }

    @Test
    void refusesSizesTheLevelsCannotHalve() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var notMultiple = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 48, 64, 32)));
            assertThrows(IllegalArgumentException.class, () -> SkipNetwork.build(
                    tf, new Parameters(tf), notMultiple, SkipConfig.reference(3)));
            var tooSmall = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 64, 32, 32)));
            assertThrows(IllegalArgumentException.class, () -> SkipNetwork.build(
                    tf, new Parameters(tf), tooSmall, SkipConfig.reference(3)));
        }
    }

    @Test
    void acceptedSizesAreMultiplesOfTheDivisorWithTwoAtTheBottom() {
        SkipConfig reference = SkipConfig.reference(3);
        assertEquals(64, reference.acceptedSize(1));
        assertEquals(64, reference.acceptedSize(48));
        assertEquals(96, reference.acceptedSize(65));
        assertEquals(256, reference.acceptedSize(256));
    }

    private static long parameterCount(SkipConfig config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(1, 64, 64, config.inputChannels())));
            return SkipNetwork.build(tf, new Parameters(tf), input, config).parameterCount();
        }
    }
}
