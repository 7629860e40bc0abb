package dev.revive.worker.engine.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam in the graph, with its moment slots as plain variables so that {@link #reset()} can start a
 * new job without rebuilding anything. Betas 0.9/0.999 by default and epsilon 1e-8 as in PyTorch; note that
 * TensorFlow's ApplyAdam adds epsilon before the bias correction of v, a difference that only shows
 * when gradients are ~1e-8.
 */
public final class Adam {

    private static final float EPSILON = 1e-8f;

    /**
     * The decay rates of the first and second moments. GANs often take beta1 = 0 (no momentum, so the players
     * react to each other's latest move) and a shorter second-moment memory.
     */
    public record Betas(float beta1, float beta2) {
        /** PyTorch's and TensorFlow's default. */
        public static final Betas DEFAULT = new Betas(0.9f, 0.999f);

        public Betas {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 > 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's betas must be in [0, 1) and (0, 1), got " + beta1 + ", "
                        + beta2);
            }
        }
    }

    private final Op step;
    private final List<Op> reset = new ArrayList<>();
    private final List<Variable<TFloat32>> state = new ArrayList<>();

    /**
     * @param learningRate a scalar operand read at every step, so one graph serves any rate
     */
    public Adam(Ops tf, List<Variable<TFloat32>> parameters, Operand<TFloat32> loss,
            Operand<TFloat32> learningRate) {
        this(tf, parameters, loss, learningRate, Betas.DEFAULT);
    }

    /** As {@link #Adam(Ops, List, Operand, Operand)} with other decay rates. */
    public Adam(Ops tf, List<Variable<TFloat32>> parameters, Operand<TFloat32> loss,
            Operand<TFloat32> learningRate, Betas betas) {
        float beta1 = betas.beta1();
        float beta2 = betas.beta2();
        Ops scope = tf.withSubScope("adam");
        Variable<TFloat32> beta1Power = scalar(scope, "beta1_power");
        Variable<TFloat32> beta2Power = scalar(scope, "beta2_power");

        // Variables are updated in place: every update must wait until the whole backward pass, which
        // still reads the old weights, is done. Identities give the gradients an Op to depend on.
        Gradients gradients = scope.gradients(loss, parameters);
        List<Op> gradientsReady = new ArrayList<>(parameters.size());
        List<Operand<TFloat32>> gradientValues = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            var gradient = scope.identity(gradients.<TFloat32>dy(i));
            gradientsReady.add(gradient);
            gradientValues.add(gradient);
        }

        Ops afterGradients = scope.withControlDependencies(gradientsReady);
        List<Op> updates = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Variable<TFloat32> parameter = parameters.get(i);
            Variable<TFloat32> m = slot(scope, reset, parameter, "m");
            Variable<TFloat32> v = slot(scope, reset, parameter, "v");
            state.add(m);
            state.add(v);
            updates.add(afterGradients.train.applyAdam(parameter, m, v, beta1Power, beta2Power,
                    learningRate, scope.constant(beta1), scope.constant(beta2), scope.constant(EPSILON),
                    gradientValues.get(i)));
        }

        Ops afterUpdates = scope.withControlDependencies(updates);
        Op nextBeta1 = afterUpdates.assign(beta1Power,
                afterUpdates.math.mul(beta1Power, afterUpdates.constant(beta1)));
        Op nextBeta2 = afterUpdates.assign(beta2Power,
                afterUpdates.math.mul(beta2Power, afterUpdates.constant(beta2)));
        step = scope.withControlDependencies(List.of(nextBeta1, nextBeta2)).noOp();

        state.add(beta1Power);
        state.add(beta2Power);
        reset.add(scope.assign(beta1Power, scope.constant(beta1)));
        reset.add(scope.assign(beta2Power, scope.constant(beta2)));
    }

    private static Variable<TFloat32> scalar(Ops scope, String name) {
        return scope.withName(name).variable(Shape.scalar(), TFloat32.class);
    }

    private static Variable<TFloat32> slot(Ops scope, List<Op> reset, Variable<TFloat32> parameter,
            String kind) {
        Shape shape = parameter.shape();
        Variable<TFloat32> slot = scope.withSubScope(kind).variable(shape, TFloat32.class);
        reset.add(scope.assign(slot, scope.zeros(scope.constant(shape), TFloat32.class)));
        return slot;
    }

    /** One update of every parameter; also advances the bias correction. */
    public Op step() {
        return step;
    }

    /** The optimiser's own variables (moments, bias-correction powers), for checkpoints. */
    public List<Variable<TFloat32>> state() {
        return state;
    }

    /** Zeroes the moments and restarts the bias correction, as for a fresh optimiser. */
    public List<Op> reset() {
        return reset;
    }
}
