package dev.revive.worker.engine.dip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A fit that diverges past rescue under bfloat16 is run again in float32 before the job fails. A
 * learning rate of {@link Float#MAX_VALUE} diverges in any precision (it is still 3e29 after the
 * guard's 30 halvings), which shows how many runs were made: one per stopping rule asked for.
 */
class PrecisionFallbackTest {

    private static final DipSettings HOPELESS = DipSettings.denoiseDefaults().withIterations(200)
            .withLearningRate(Float.MAX_VALUE).withAveraging(0f);

    @Test
    void aDivergedBfloat16FitIsRunAgainInFloat32() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(16, 16, 3), 25 / 255.0, 5);
        AtomicInteger runs = new AtomicInteger();
        try (DipGraphCache graphs = new DipGraphCache()) {
            DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults().withCpuBfloat16(true), graphs);

            DivergenceException failure = assertThrows(DivergenceException.class, () -> restore(dip, noisy, runs));

            assertEquals(2, runs.get(), "a bf16 run, then a float32 one");
            assertEquals(2, graphs.builds(), "the float32 run has its own graph");
            assertEquals(DivergenceGuard.MAX_RECOVERIES, failure.recoveries());
        }
    }

    @Test
    void aFloat32FitThatDivergesFailsAtOnce() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(16, 16, 3), 25 / 255.0, 5);
        AtomicInteger runs = new AtomicInteger();
        DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults().withCpuBfloat16(false), null);

        assertThrows(DivergenceException.class, () -> restore(dip, noisy, runs));

        assertEquals(1, runs.get());
    }

    /** Gray fits run in float32 from the start even when bf16 is asked, so there is nothing to fall back to. */
    @Test
    void grayFitsRunInFloat32FromTheStart() {
        Image noisy = Noise.addGaussian(SyntheticImages.shapes(16, 16, 1), 25 / 255.0, 5);
        AtomicInteger runs = new AtomicInteger();
        DeepImagePrior dip = new DeepImagePrior(SessionOptions.defaults().withCpuBfloat16(true), null);

        assertThrows(DivergenceException.class, () -> restore(dip, noisy, runs));

        assertEquals(1, runs.get());
    }

    private static Restoration restore(DeepImagePrior dip, Image noisy, AtomicInteger runs) {
        Supplier<StoppingRule> rules = () -> {
            runs.incrementAndGet();
            return StoppingRule.NEVER;
        };
        return dip.restore(Observation.noisy(noisy), DeepImagePriorTest.small(noisy.channels()), HOPELESS, rules,
                ProgressListener.NONE, CancellationSignal.NEVER);
    }
}
