package dev.revive.worker.engine.dip;

/** Polled before every iteration, so a cancelled job stops within one step. */
@FunctionalInterface
public interface CancellationSignal {

    CancellationSignal NEVER = () -> false;

    boolean cancelled();
}
