package dev.revive.worker.engine.dip;

/** The job was cancelled while optimising; no result exists. */
public final class RestorationCancelledException extends RuntimeException {

    private final int completedIterations;

    public RestorationCancelledException(int completedIterations) {
        super("restoration cancelled after " + completedIterations + " iterations");
        this.completedIterations = completedIterations;
    }

    public int completedIterations() {
        return completedIterations;
    }
}
