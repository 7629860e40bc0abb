package dev.revive.worker.engine.dip;

/**
 * The reference notebooks' backtracking, in the graph: when the fit suddenly gets much worse (the
 * output's PSNR against the observation drops by more than 5 dB, so the loss grows more than
 * 10^0.5 times) or the loss is not a number, go back to the last state known to be healthy.
 *
 * <p>A step's loss judges the state before its update, so a checkpoint is trusted only once the
 * next step's loss is healthy: checkpoints alternate between two slots, one trusted and one
 * pending. Restoring alone would replay the same divergence (same weights, Adam state and noise),
 * so each recovery also halves the learning rate. A fit that keeps blowing up after the rate has
 * fallen a billion-fold cannot be saved by a smaller step: the job fails rather than return its
 * starting point as a result.
 */
final class DivergenceGuard {

    /** 5 dB of PSNR as a ratio of mean squared errors. */
    static final double LOSS_JUMP = Math.pow(10, 0.5);
    /** Steps between checkpoints while healthy; a recovery loses at most twice this. */
    static final int CHECKPOINT_EVERY = 10;
    /** Halvings after which the rate is ~1e-9 of the job's: no step that small changes the fit. */
    static final int MAX_RECOVERIES = 30;

    private final DipGraph graph;
    private int trustedSlot;
    private int pendingSlot = -1;
    private int pendingIteration;
    private double lastHealthyLoss = Double.NaN;
    private int recoveries;

    /** Checkpoints the graph's current state, which is healthy by definition: the job starts there. */
    DivergenceGuard(DipGraph graph) {
        this.graph = graph;
        graph.saveCheckpoint(trustedSlot);
    }

    /**
     * Judges the step that made {@code iteration} steps done, rolling back if it diverged.
     *
     * @param loss that step's loss
     * @return whether the step was healthy (false: the state is now a trusted checkpoint's)
     * @throws DivergenceException when the fit has blown up {@link #MAX_RECOVERIES} times
     */
    boolean check(int iteration, double loss) {
        if (!Double.isFinite(loss) || loss > LOSS_JUMP * lastHealthyLoss) {
            graph.restoreCheckpoint(trustedSlot);
            graph.halveLearningRate();
            pendingSlot = -1;
            recoveries++;
            if (recoveries >= MAX_RECOVERIES) {
                throw new DivergenceException(iteration, recoveries);
            }
            return false;
        }
        lastHealthyLoss = loss;
        if (pendingSlot >= 0 && pendingIteration == iteration - 1) {
            trustedSlot = pendingSlot;
            pendingSlot = -1;
        }
        if (iteration % CHECKPOINT_EVERY == 0) {
            pendingSlot = 1 - trustedSlot;
            pendingIteration = iteration;
            graph.saveCheckpoint(pendingSlot);
        }
        return true;
    }

    int recoveries() {
        return recoveries;
    }
}
