package dev.revive.worker.engine.selfsup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.RestorationCancelledException;
import dev.revive.worker.engine.image.SyntheticImages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad requests fail before any graph is built, with a message that says what to change. */
class TrainingArgumentsTest {

    private static final SelfSupervisedTrainer TRAINER = new SelfSupervisedTrainer(NoisyScenes.SESSION);
    private static final TrainingData DATA = TrainingData.of(NoisyScenes.noisy(1));

    private static void refused(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static void train(TrainingData data, TrainingMethod method, UNetConfig network,
            TrainingSettings settings) {
        TRAINER.train(data, method, network, settings, ProgressListener.NONE, CancellationSignal.NEVER)
                .close();
    }

    @Test
    void refusesBadArguments() {
        refused("at least one noisy image", () -> TrainingData.of(List.of()));
        refused("max steps must be >= 1", () -> NoisyScenes.settings(0));
        refused("patch size 128 is larger than the smallest image side 64", () -> train(DATA,
                Noise2Void.paper(), NoisyScenes.NETWORK, NoisyScenes.settings(5).withPatch(128, 2)));
        refused("patch size 18 must be a multiple of 4 and at least 8", () -> train(DATA, Noise2Void.paper(),
                NoisyScenes.NETWORK, NoisyScenes.settings(5).withPatch(18, 2)));
        refused("multiple of 8 and at least 16 for neighbor2neighbor", () -> train(DATA,
                Neighbor2Neighbor.paper(), NoisyScenes.NETWORK, NoisyScenes.settings(5).withPatch(12, 2)));
        refused("noise2noise needs 2 aligned noisy shots", () -> train(DATA, new Noise2Noise(),
                NoisyScenes.NETWORK, NoisyScenes.settings(5)));
        refused("takes 3-channel images, the photos have 1", () -> train(DATA, Noise2Void.paper(),
                UNetConfig.defaults(3), NoisyScenes.settings(5)));
        refused("self2self needs a network with direct output", () -> train(DATA, Self2Self.paper(),
                NoisyScenes.NETWORK, NoisyScenes.settings(5)));
        refused("mixes", () -> TrainingData.pairs(NoisyScenes.noisy(1),
                List.of(SyntheticImages.shapes(8, 8, 1), SyntheticImages.shapes(8, 8, 1),
                        SyntheticImages.shapes(8, 8, 1))));
    }

    @Test
    void cancellationStopsBetweenSteps() {
        AtomicInteger polls = new AtomicInteger();
        RestorationCancelledException e = assertThrows(RestorationCancelledException.class,
                () -> TRAINER.train(DATA, Noise2Void.paper(), NoisyScenes.NETWORK, NoisyScenes.settings(50),
                        ProgressListener.NONE, () -> polls.incrementAndGet() > 3));
        assertEquals(3, e.completedIterations());
    }

    @Test
    void wallTimeEndsTrainingEarlyWithAModel() {
        try (TrainedModel model = TRAINER.train(DATA, Noise2Void.paper(), NoisyScenes.NETWORK,
                NoisyScenes.settings(100_000).withMaxTime(Duration.ofMillis(1)), ProgressListener.NONE,
                CancellationSignal.NEVER)) {
            assertEquals(1, model.info().steps());
            assertTrue(Double.isFinite(model.info().finalLoss()));
        }
    }
}
