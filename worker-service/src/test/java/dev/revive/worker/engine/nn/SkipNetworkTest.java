package dev.revive.worker.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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

    /*
     * The notebooks' networks, counted with the reference's skip() layer by layer (conv k*k*in*out
     * + out, batch norm 2 per channel); the same arithmetic gives the two counts above.
     */
    private static final long INPAINTING_RGB = 3_002_627L;
    private static final long INPAINTING_DEEP_RGB = 2_996_467L;
    private static final long FLASH_RGB = 2_184_307L;
    private static final long JPEG_RGB = 572_827L;

    @Test
    void referenceNetworkHasThePyTorchParameterCount() {
        assertEquals(TORCH_REFERENCE_RGB, parameterCount(SkipConfig.reference(3)));
        assertEquals(TORCH_REFERENCE_GRAY, parameterCount(SkipConfig.reference(1)));
    }

    @Test
    void notebookNetworksHaveTheReferenceParameterCounts() {
        assertEquals(TORCH_REFERENCE_RGB, parameterCount(SkipConfig.denoising(3)));
        assertEquals(TORCH_REFERENCE_RGB, parameterCount(SkipConfig.superResolution(3)));
        assertEquals(INPAINTING_RGB, parameterCount(SkipConfig.inpainting(3)));
        assertEquals(INPAINTING_DEEP_RGB, parameterCount(SkipConfig.inpaintingDeep(3)));
        assertEquals(FLASH_RGB, parameterCount(SkipConfig.flashGuided(3)));
        assertEquals(JPEG_RGB, parameterCount(SkipConfig.jpegArtifacts(3)));
    }

    @Test
    void overridesChangeWidthsAndInputOnly() {
        SkipConfig deep = SkipConfig.inpaintingDeep(3).withChannels(64).withInputChannels(5);
        assertEquals(List.of(8, 16, 32, 64, 64, 64), deep.channels());
        assertEquals(5, deep.inputChannels());
        assertEquals(SkipConfig.inpaintingDeep(3).skipChannels(), deep.skipChannels());
        assertEquals(List.of(16, 16, 16, 16, 16), SkipConfig.inpainting(3).withChannels(16).channels());
        assertEquals(List.of(16, 16, 16, 16, 16), SkipConfig.inpainting(3).withChannels(16).skipChannels(),
                "a skip no wider than its narrowed level");
        assertEquals(List.of(4, 4, 4, 4, 4), SkipConfig.reference(3).withChannels(16).skipChannels(),
                "a narrower skip keeps its width");
        assertEquals(SkipConfig.reference(3), SkipConfig.reference(3).withChannels(128));
    }

    @Test
    void nearestUpsamplingAndMissingSkipsBuildAtTheirAcceptedSize() {
        SkipConfig deep = SkipConfig.inpaintingDeep(1);
        // 5x5 encoder pads 2 at the deepest level, so that level needs a side of 3: 3 * 64
        assertEquals(192, deep.acceptedSize(1));
        assertEquals(256, deep.acceptedSize(193));
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 192, 256, 1)));
            SkipNetwork network = SkipNetwork.build(tf, new Parameters(tf), input, deep);
            assertEquals(Shape.of(1, 192, 256, 1), network.output().shape());
        }
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
        int side = config.acceptedSize(1);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(1, side, side, config.inputChannels())));
            return SkipNetwork.build(tf, new Parameters(tf), input, config).parameterCount();
        }
    }
}
