package dev.revive.worker.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The trainable variables of a network and how each one starts. Initial values are not baked
 * into the graph: {@link #reset} assigns them from stateless random ops keyed by a fed seed, so
 * one graph serves job after job with fresh, reproducible weights.
 */
public final class Parameters {

    /** Streams below this are left to the caller (e.g. for the code z). */
    public static final long FIRST_STREAM = 1_000;

    private final Ops tf;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<BiFunction<Ops, Operand<TInt64>, Operand<TFloat32>>> initialValues =
            new ArrayList<>();
    private long count;

    public Parameters(Ops tf) {
        this.tf = tf;
    }

    /**
     * A variable named {@code name} in {@code scope}, drawn from U(-bound, bound): PyTorch's default
     * for conv weights and biases.
     */
    public Variable<TFloat32> uniform(Ops scope, String name, Shape shape, float bound) {
        long stream = FIRST_STREAM + variables.size();
        return add(scope, name, shape, (ops, key) -> {
            Operand<TFloat32> unit = ops.random.statelessRandomUniform(
                    ops.constant(shape), RandomStreams.seed(ops, key, stream));
            return ops.math.mul(ops.math.sub(ops.math.mul(unit, ops.constant(2f)), ops.constant(1f)),
                    ops.constant(bound));
        });
    }

    /** A variable named {@code name} in {@code scope} filled with one value (batch-norm 1 or 0). */
    public Variable<TFloat32> constant(Ops scope, String name, Shape shape, float value) {
        return add(scope, name, shape,
                (ops, key) -> ops.fill(ops.constant(shape), ops.constant(value)));
    }

    private Variable<TFloat32> add(Ops scope, String name, Shape shape,
            BiFunction<Ops, Operand<TInt64>, Operand<TFloat32>> initialValue) {
        Variable<TFloat32> variable = scope.withName(name).variable(shape, TFloat32.class);
        variables.add(variable);
        initialValues.add(initialValue);
        count += shape.size();
        return variable;
    }

    /** Assigns every variable its initial value for the int64 scalar {@code key}. */
    public List<Op> reset(Operand<TInt64> key) {
        List<Op> assigns = new ArrayList<>(variables.size());
        for (int i = 0; i < variables.size(); i++) {
            assigns.add(tf.assign(variables.get(i), initialValues.get(i).apply(tf, key)));
        }
        return assigns;
    }

    public List<Variable<TFloat32>> variables() {
        return Collections.unmodifiableList(variables);
    }

    /** Number of scalar parameters, comparable with PyTorch's {@code sum(p.numel())}. */
    public long count() {
        return count;
    }
}
