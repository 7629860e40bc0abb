package dev.revive.model;

/**
 * Tuning of one restoration. Every field may be left out (null) by a client; {@link #resolve} fills the
 * defaults of the task, so the request on the topic and the job record always show what actually ran.
 *
 * @param iterations    optimisation steps; with {@link Stopping#AUTO} the most that may run. For a self-supervised
 *                      {@link Method}, the denoiser's training steps
 * @param seed          makes a run reproducible; defaults to a value derived from the job id, so a redelivered
 *                      request computes the same result
 * @param learningRate  Adam step size
 * @param inputNoise    standard deviation of the noise added to the network input at every step
 * @param averaging     weight of the exponential average of outputs (0 returns the last output)
 * @param progressEvery report progress every this many iterations
 * @param scale         super-resolution factor (2, 4 or 8); only for {@link Task#SUPER_RESOLVE}
 * @param channels      width of every level of the network; null keeps the task's reference network
 * @param stop          when to end the optimisation
 * @param maxSeconds    wall-time cap of the optimisation; the estimate at the cap is the result. Null leaves
 *                      the worker's own cap
 * @param previewEvery  store a small preview of the current estimate every this many iterations; 0 for never
 * @param detector      the model id of a trained defect detector; null for the one shipped with the worker. Only for
 *                      {@link Task#OLD_PHOTO}
 * @param defectThreshold the detector's probability from which a pixel is repaired, in (0, 1); only for
 *                      {@link Task#OLD_PHOTO}
 * @param maskUse       what the request's own mask does to detection; only for {@link Task#OLD_PHOTO}
 */
public record RestorationOptions(
        Integer iterations,
        Long seed,
        Double learningRate,
        Double inputNoise,
        Double averaging,
        Integer progressEvery,
        Integer scale,
        Integer channels,
        Stopping stop,
        Integer maxSeconds,
        Integer previewEvery,
        String detector,
        Double defectThreshold,
        MaskUse maskUse) {

    public static final RestorationOptions NONE =
            new RestorationOptions(null, null, null, null, null, null, null, null, null, null, null);

    /** The detector's threshold unless a request says otherwise. */
    public static final double DEFECT_THRESHOLD = 0.5;

    /** Options of every task but {@link Task#OLD_PHOTO}, which alone has the detection fields. */
    public RestorationOptions(Integer iterations, Long seed, Double learningRate, Double inputNoise, Double averaging,
            Integer progressEvery, Integer scale, Integer channels, Stopping stop, Integer maxSeconds,
            Integer previewEvery) {
        this(iterations, seed, learningRate, inputNoise, averaging, progressEvery, scale, channels, stop, maxSeconds,
                previewEvery, null, null, null);
    }

    private static final int PROGRESS_EVERY = 25;
    private static final int PREVIEW_EVERY = 100;
    private static final int DEFAULT_SCALE = 4;
    /** Training steps of a self-supervised denoiser on one photo (batches of 8 patches of 64x64). */
    private static final int SELF_SUPERVISED_STEPS = 1000;
    /**
     * Training steps of a defect detector (batches of 8 aged 64x64 patches): the budget the shipped detector was
     * given (it reached about 1800 of them in 12 minutes on 2 loaded cores), so a job trains one like it.
     */
    private static final int DETECTOR_STEPS = 3000;

    /**
     * The reference configuration of each task, from the Deep Image Prior paper's code, except that denoising
     * stops automatically with the paper's step count as the cap. JPEG clean-up runs its count: on its small
     * network the output variance settles long before the fit passes the compressed photo, so the rule would
     * stop too early (measured: 23.0 dB at the rule's stop, 24.5 dB in, 25.5 dB after 1400 steps).
     */
    public static RestorationOptions defaultsFor(Task task) {
        return switch (task) {
            case DENOISE -> tuned(3000, 0.01, 1.0 / 30, 0.99, null, Stopping.AUTO);
            case DEJPEG -> tuned(2400, 0.01, 1.0 / 30, 0.99, null, Stopping.FIXED);
            case SUPER_RESOLVE -> tuned(2000, 0.01, 0.03, 0.0, DEFAULT_SCALE, Stopping.FIXED);
            case INPAINT -> tuned(5000, 0.01, 0.03, 0.0, null, Stopping.FIXED);
            case FLASH_GUIDED -> tuned(600, 0.1, 0.0, 0.0, null, Stopping.FIXED);
            // inpainting's settings for the fill; the denoising pass after it runs as many steps, stopping itself
            case OLD_PHOTO -> tuned(3000, 0.01, 0.03, 0.0, null, Stopping.FIXED);
        };
    }

    private static RestorationOptions tuned(int iterations, double learningRate, double inputNoise,
            double averaging, Integer scale, Stopping stop) {
        return new RestorationOptions(iterations, null, learningRate, inputNoise, averaging, PROGRESS_EVERY, scale,
                null, stop, null, PREVIEW_EVERY);
    }

    /**
     * A trained method's defaults: training steps (on the photo's own patches, or a collection's) and Adam's rate,
     * with nothing of Deep Image Prior's loop (input noise, averaging, automatic stop, previews).
     */
    public static RestorationOptions defaultsFor(Method method) {
        return switch (method) {
            case DEEP_IMAGE_PRIOR -> throw new IllegalArgumentException("Deep Image Prior's defaults depend on the task");
            case NOISE2VOID, NEIGHBOR2NEIGHBOR, BLIND_SPOT, NOISE2NOISE -> trained(SELF_SUPERVISED_STEPS, 4e-4);
            case SELF2SELF -> trained(SELF_SUPERVISED_STEPS, 1e-4);
            case UNPAIRED -> trained(SELF_SUPERVISED_STEPS, 1e-4);
            case OLD_PHOTO_TRIPLET -> trained(SELF_SUPERVISED_STEPS, 2e-4);
            // Adam's rate that trained the shipped detector
            case DEFECT_DETECTOR -> trained(DETECTOR_STEPS, 2e-3);
            case MODEL -> trained(null, null);
        };
    }

    private static RestorationOptions trained(Integer steps, Double learningRate) {
        return new RestorationOptions(steps, null, learningRate, null, null, PROGRESS_EVERY, null, null, Stopping.FIXED,
                null, 0);
    }

    /** The task's defaults, for super-resolution those of the chosen factor (x8 needs longer and noisier fits). */
    public static RestorationOptions defaultsFor(Task task, Integer scale) {
        if (task == Task.SUPER_RESOLVE && scale != null && scale == 8) {
            return new RestorationOptions(4000, null, 0.01, 0.05, 0.0, PROGRESS_EVERY, 8, null, Stopping.FIXED, null,
                    PREVIEW_EVERY);
        }
        return defaultsFor(task);
    }

    public RestorationOptions resolve(Task task, String jobId) {
        return resolve(task, Method.DEEP_IMAGE_PRIOR, jobId);
    }

    /** These options with every omitted field set to the default of the task as the method carries it out. */
    public RestorationOptions resolve(Task task, Method method, String jobId) {
        RestorationOptions d = method.isDeepImagePrior() ? defaultsFor(task, scale) : defaultsFor(method);
        return new RestorationOptions(
                iterations != null ? iterations : d.iterations,
                seed != null ? seed : seedFor(jobId),
                learningRate != null ? learningRate : d.learningRate,
                inputNoise != null ? inputNoise : d.inputNoise,
                averaging != null ? averaging : d.averaging,
                progressEvery != null ? progressEvery : d.progressEvery,
                scale != null ? scale : d.scale,
                channels,
                stop != null ? stop : d.stop,
                maxSeconds,
                previewEvery != null ? previewEvery : d.previewEvery,
                detector,
                task == Task.OLD_PHOTO && defectThreshold == null ? Double.valueOf(DEFECT_THRESHOLD) : defectThreshold,
                task == Task.OLD_PHOTO && maskUse == null ? MaskUse.REPLACE : maskUse);
    }

    public RestorationOptions withScale(Integer scale) {
        return new RestorationOptions(iterations, seed, learningRate, inputNoise, averaging, progressEvery, scale,
                channels, stop, maxSeconds, previewEvery, detector, defectThreshold, maskUse);
    }

    /** The factor by which the result is larger than the input: the scale for super-resolution, else 1. */
    public int outputScale() {
        return scale == null ? 1 : scale;
    }

    private static long seedFor(String jobId) {
        return jobId == null ? 0 : Integer.toUnsignedLong(jobId.hashCode());
    }
}
