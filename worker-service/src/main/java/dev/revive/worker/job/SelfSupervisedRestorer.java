package dev.revive.worker.job;

import dev.revive.model.Method;
import dev.revive.model.RestorationOptions;
import dev.revive.model.StopReason;
import dev.revive.model.UnsupportedImageException;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.selfsup.BlindSpot;
import dev.revive.worker.engine.selfsup.Neighbor2Neighbor;
import dev.revive.worker.engine.selfsup.Noise2Noise;
import dev.revive.worker.engine.selfsup.Noise2Void;
import dev.revive.worker.engine.selfsup.Self2Self;
import dev.revive.worker.engine.selfsup.SelfSupervisedTrainer;
import dev.revive.worker.engine.selfsup.TrainedModel;
import dev.revive.worker.engine.selfsup.TrainingData;
import dev.revive.worker.engine.selfsup.TrainingMethod;
import dev.revive.worker.engine.selfsup.TrainingSettings;
import dev.revive.worker.engine.selfsup.UNetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Denoises a photo with a network trained on that photo alone, by Noise2Void, Neighbor2Neighbor, Self2Self or
 * HQ-SSL's blind-spot network: no clean data and no collection needed. Training draws random patches of the photo; the trained network then
 * denoises the whole photo, in tiles when it is large. Nothing is kept between jobs.
 */
@ApplicationScoped
public class SelfSupervisedRestorer {
    /** Side of the training patches (TrainingSettings' default); a smaller photo trains on the largest that fits. */
    static final int PATCH_SIDE = TrainingSettings.defaults().patchSize();
    static final int BATCH = TrainingSettings.defaults().batchSize();

    private final WorkerConfig config;
    private final SelfSupervisedTrainer trainer;

    public SelfSupervisedRestorer(WorkerConfig config) {
        this.config = config;
        this.trainer = new SelfSupervisedTrainer(DipRestorer.sessionOptions(config.cpuPrecision()));
    }

    /**
     * @param options resolved for {@code method}: iterations are training steps, channels the U-Net's width
     * @param timeLimit wall time of the training, after which the network trained so far denoises the photo
     * @throws UnsupportedImageException when the photo is smaller than the smallest patch the network takes
     */
    public Restoration restore(Method method, Image photo, RestorationOptions options, Duration timeLimit,
            ProgressListener progress, CancellationSignal cancellation) {
        TrainingMethod training = trainingMethod(method);
        UNetConfig network = network(photo.channels(), options.channels(), training);
        TrainingSettings settings = new TrainingSettings(patchSide(photo, training, method), BATCH,
                options.iterations(), timeLimit, options.learningRate().floatValue(), options.seed(),
                options.progressEvery());
        try (TrainedModel model = trainer.train(TrainingData.of(List.of(photo)), training, network, settings,
                progress, cancellation)) {
            Image denoised = model.denoiser().denoise(photo, config.tilePixels(), config.tileOverlap(),
                    cancellation);
            int steps = Math.toIntExact(model.info().steps());
            StopReason reason = steps < settings.maxSteps() ? StopReason.TIME_LIMIT : StopReason.ITERATIONS;
            return new Restoration(denoised, steps, reason, 0);
        }
    }

    /** The U-Net every self-supervised method trains: the default, {@code width} wide if given, residual if it may be. */
    static UNetConfig network(int channels, Integer width, TrainingMethod training) {
        UNetConfig defaults = UNetConfig.defaults(channels);
        return new UNetConfig(defaults.depth(), width == null ? defaults.width() : width, channels,
                defaults.residual() && training.residualAllowed());
    }

    static TrainingMethod trainingMethod(Method method) {
        return switch (method) {
            case NOISE2VOID -> Noise2Void.paper();
            case NEIGHBOR2NEIGHBOR -> Neighbor2Neighbor.paper();
            case SELF2SELF -> Self2Self.paper();
            case BLIND_SPOT -> BlindSpot.paper();
            case NOISE2NOISE -> new Noise2Noise();
            case DEEP_IMAGE_PRIOR -> throw new IllegalArgumentException("Deep Image Prior trains no denoiser");
            case MODEL -> throw new IllegalArgumentException("a stored model is already trained");
            case UNPAIRED -> throw new IllegalArgumentException("the unpaired method trains its own networks"
                    + " (engine.unpaired), not a self-supervised denoiser");
            case OLD_PHOTO_TRIPLET -> throw new IllegalArgumentException("the triplet method trains its own networks"
                    + " (engine.oldphoto.triplet), not a self-supervised denoiser");
            case DEFECT_DETECTOR -> throw new IllegalArgumentException("the defect detector is trained by"
                    + " engine.oldphoto.DetectorTrainer, not as a self-supervised denoiser");
        };
    }

    /** Patch sides must be multiples of this: every pooling halves an even side, and sub-sampling halves it once more. */
    static int patchStep(TrainingMethod training) {
        return UNetConfig.defaults(1).sizeDivisor() * training.patchMultiple();
    }

    /** The smallest side a photo needs for {@code training}: two patch steps. */
    static int smallestSide(TrainingMethod training) {
        return 2 * patchStep(training);
    }

    /** The largest patch side up to {@link #PATCH_SIDE} that fits a photo (or collection) of this smallest side. */
    static int patchSide(int smallestSide, TrainingMethod training) {
        int step = patchStep(training);
        return Math.min(PATCH_SIDE, smallestSide) / step * step;
    }

    private static int patchSide(Image photo, TrainingMethod training, Method method) {
        int smallest = Math.min(photo.width(), photo.height());
        if (smallest < smallestSide(training)) {
            throw new UnsupportedImageException("the photo is " + photo.width() + "x" + photo.height() + "; "
                    + method.wireName() + " needs at least " + smallestSide(training) + " pixels on each side");
        }
        return patchSide(smallest, training);
    }
}
