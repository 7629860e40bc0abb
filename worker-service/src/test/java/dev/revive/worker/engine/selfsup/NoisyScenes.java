package dev.revive.worker.engine.selfsup;

import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Noise;
import dev.revive.worker.engine.image.SyntheticImages;
import java.util.ArrayList;
import java.util.List;

/** Small gray photos of one kind with sigma-25 noise, and the settings the tests train with. */
final class NoisyScenes {

    static final double SIGMA_25 = 25 / 255.0;

    /** The clean pictures of the training set: the same shapes drawn at different sizes. */
    static final List<Image> CLEAN = List.of(SyntheticImages.shapes(64, 64, 1),
            SyntheticImages.shapes(80, 64, 1), SyntheticImages.shapes(64, 96, 1));

    /** Float32 on 2 threads, so saved and loaded runs compare bit for bit. */
    static final SessionOptions SESSION = SessionOptions.defaults().withThreads(2, 1)
            .withCpuBfloat16(false);

    /** Two poolings of 16 channels: fast on 2 cores, enough for these pictures. */
    static final UNetConfig NETWORK = new UNetConfig(2, 16, 1, true);

    /** {@link #NETWORK}, with a direct output where the method needs one. */
    static UNetConfig network(TrainingMethod method) {
        return method.residualAllowed() ? NETWORK : new UNetConfig(2, 16, 1, false);
    }

    private NoisyScenes() {}

    /** One noisy shot of each clean picture; {@code shot} picks the noise. */
    static List<Image> noisy(int shot) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < CLEAN.size(); i++) {
            out.add(Noise.addGaussian(CLEAN.get(i), SIGMA_25, 100L * shot + i));
        }
        return out;
    }

    /** 32x32 patches, 4 a step, Adam at 1e-3. */
    static TrainingSettings settings(int steps) {
        return TrainingSettings.defaults().withPatch(32, 4).withMaxSteps(steps).withLearningRate(1e-3f)
                .withSeed(5).withProgressEvery(1);
    }
}
