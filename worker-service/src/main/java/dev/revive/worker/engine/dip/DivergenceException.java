package dev.revive.worker.engine.dip;

/**
 * The fit kept diverging however small its steps became (a loss that is not a number from the
 * first steps, say): there is no estimate worth returning.
 */
public final class DivergenceException extends RuntimeException {

    private final int recoveries;

    DivergenceException(int iteration, int recoveries) {
        super("the optimisation diverged " + recoveries + " times by step " + iteration
                + ", each time rolled back with half the learning rate; no usable result");
        this.recoveries = recoveries;
    }

    /** Roll-backs before it gave up. */
    public int recoveries() {
        return recoveries;
    }
}
