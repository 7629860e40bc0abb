package dev.revive.worker.engine.dip;

/**
 * Decides, without the clean image, when further steps would fit noise rather than the photo.
 * The optimisation loop asks after every step; a rule is made for one job and holds its state.
 */
public interface StoppingRule {

    /** Runs every step the settings allow. */
    StoppingRule NEVER = new StoppingRule() {
        @Override
        public boolean needsOutputs() {
            return false;
        }

        @Override
        public boolean shouldStop(int iteration, double loss, float[] output) {
            return false;
        }
    };

    /** Whether {@link #shouldStop} needs each step's raw output; fetching it costs a copy per step. */
    boolean needsOutputs();

    /**
     * @param iteration steps completed, from 1
     * @param loss the data term of this step's output, before its update
     * @param output this step's raw network output (HWC, padded size), or null unless
     *     {@link #needsOutputs()}
     * @return true to stop now and return the current estimate
     */
    boolean shouldStop(int iteration, double loss, float[] output);
}
