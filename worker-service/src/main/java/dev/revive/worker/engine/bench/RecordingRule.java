package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.StoppingRule;
import java.util.function.IntConsumer;

/**
 * Asks a stopping rule every step but never stops: it reports the rule's first "stop" and lets the
 * optimisation run on, so that a report can compare the rule's pick with iterates that came later.
 */
final class RecordingRule implements StoppingRule {

    private final StoppingRule rule;
    private final IntConsumer onFirstStop;
    private boolean fired;

    RecordingRule(StoppingRule rule, IntConsumer onFirstStop) {
        this.rule = rule;
        this.onFirstStop = onFirstStop;
    }

    @Override
    public boolean needsOutputs() {
        return rule.needsOutputs();
    }

    @Override
    public boolean shouldStop(int iteration, double loss, float[] output) {
        if (!fired && rule.shouldStop(iteration, loss, output)) {
            fired = true;
            onFirstStop.accept(iteration);
        }
        return false;
    }
}
