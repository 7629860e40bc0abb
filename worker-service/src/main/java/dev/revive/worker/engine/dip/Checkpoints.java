package dev.revive.worker.engine.dip;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * In-graph copies of a set of variables, in a few slots: saving or bringing back a state is one
 * session run with no data leaving the device.
 */
final class Checkpoints {

    private final List<Op> saves = new ArrayList<>();
    private final List<Op> restores = new ArrayList<>();

    Checkpoints(Ops tf, List<Variable<? extends TType>> variables, int slots) {
        for (int slot = 0; slot < slots; slot++) {
            Ops scope = tf.withSubScope("checkpoint" + slot);
            List<Op> save = new ArrayList<>(variables.size());
            List<Op> restore = new ArrayList<>(variables.size());
            for (Variable<? extends TType> variable : variables) {
                copy(scope, variable, save, restore);
            }
            saves.add(scope.withControlDependencies(save).noOp());
            restores.add(scope.withControlDependencies(restore).noOp());
        }
    }

    private static <T extends TType> void copy(Ops scope, Variable<T> variable, List<Op> save,
            List<Op> restore) {
        Variable<T> copy = scope.variable(variable.shape(), variable.type());
        save.add(scope.assign(copy, variable));
        restore.add(scope.assign(variable, copy));
    }

    void save(Session session, int slot) {
        session.runner().addTarget(saves.get(slot)).run().close();
    }

    void restore(Session session, int slot) {
        session.runner().addTarget(restores.get(slot)).run().close();
    }
}
