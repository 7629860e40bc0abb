package dev.revive.worker.engine.oldphoto.triplet;

/**
 * Triplet domain translation as this engine trains it: the loss weights and the share of the step and time budget
 * that stage 1 (the VAEs) gets before stage 2 (the mapping) takes the rest.
 */
public record TripletMethod(TripletWeights weights, double stageOneShare) {

    /** Its name in model metadata and reports. */
    public static final String NAME = "old-photo-triplet";

    public TripletMethod {
        if (weights == null) {
            throw new IllegalArgumentException("weights are required");
        }
        if (!(stageOneShare > 0 && stageOneShare < 1)) {
            throw new IllegalArgumentException("stage 1's share must be in (0, 1), got " + stageOneShare);
        }
    }

    /** The paper's weights; half the budget to each stage (the paper trains each to convergence). */
    public static TripletMethod paper() {
        return new TripletMethod(TripletWeights.paper(), 0.5);
    }

    /** Steps of stage 1 out of {@code total}: at least one, and one left for stage 2 when there are two. */
    int stageOneSteps(int total) {
        return Math.max(1, Math.min(total - 1, (int) Math.round(total * stageOneShare)));
    }
}
