package dev.revive.model;

/**
 * Tuning of one restoration. Every field may be left out (null) by a client; {@link #resolve} fills the
 * defaults of the task, so the request on the topic and the job record always show what actually ran.
 *
 * @param iterations    optimisation steps
 * @param seed          makes a run reproducible; defaults to a value derived from the job id, so a redelivered
 *                      request computes the same result
 * @param learningRate  Adam step size
 * @param inputNoise    standard deviation of the noise added to the network input at every step
 * @param averaging     weight of the exponential average of outputs (0 returns the last output)
 * @param progressEvery report progress every this many iterations
 */
public record RestorationOptions(
        Integer iterations,
        Long seed,
        Double learningRate,
        Double inputNoise,
        Double averaging,
        Integer progressEvery) {

    public static final RestorationOptions NONE = new RestorationOptions(null, null, null, null, null, null);

    /** The Deep Image Prior paper's denoising configuration (1800 steps, Adam 0.01, z noise 1/30, averaging 0.99). */
    public static RestorationOptions defaultsFor(Task task) {
        return switch (task) {
            case DENOISE -> new RestorationOptions(1800, null, 0.01, 1.0 / 30, 0.99, 25);
        };
    }

    public RestorationOptions resolve(Task task, String jobId) {
        RestorationOptions d = defaultsFor(task);
        return new RestorationOptions(
                iterations != null ? iterations : d.iterations,
                seed != null ? seed : seedFor(jobId),
                learningRate != null ? learningRate : d.learningRate,
                inputNoise != null ? inputNoise : d.inputNoise,
                averaging != null ? averaging : d.averaging,
                progressEvery != null ? progressEvery : d.progressEvery);
    }

    private static long seedFor(String jobId) {
        return jobId == null ? 0 : Integer.toUnsignedLong(jobId.hashCode());
    }
}
