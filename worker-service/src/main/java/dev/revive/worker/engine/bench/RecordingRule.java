package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.StoppingRule;
import java.util.function.IntConsumer;

/**
 * Asks a stopping rule every step but does not stop with it: it reports the rule's first "stop" and lets
 * the optimisation run on, so that a report can compare the rule's pick with iterates that came later.
 */
final class RecordingRule implements StoppingRule {

    private final StoppingRule rule;
    private final IntConsumer onFirstStop;
    private final int runOn;
    private int firedAt = -1;

    /** @param runOn steps to run after the rule fired before stopping; a negative count never stops */
    RecordingRule(StoppingRule rule, IntConsumer onFirstStop, int runOn) {
        this.rule = rule;
        this.onFirstStop = onFirstStop;
        this.runOn = runOn;
    }

    @Override
    public boolean needsOutputs() {
        return rule.needsOutputs();
    }

    @Override
    public boolean shouldStop(int iteration, double loss, float[] output) {
        if (firedAt < 0 && rule.shouldStop(iteration, loss, output)) {
            firedAt = iteration;
            onFirstStop.accept(iteration);
        }
        return firedAt >= 0 && runOn >= 0 && iteration >= firedAt + runOn;
    }
}
