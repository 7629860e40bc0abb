package dev.revive.worker.engine.selfsup;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * HQ-SSL's Bayesian step for additive Gaussian noise of a known sigma. The blind-spot network's
 * prior for the clean value x at a pixel is N(mu, v), so the noisy value y is N(mu, v + sigma^2):
 * training maximises that likelihood of y, and denoising returns the posterior mean
 * E[x | y, prior] = (mu sigma^2 + y v) / (v + sigma^2), which puts back what the centre pixel
 * says in proportion to how unsure the prior is. The variance is carried as l = log(v / sigma^2).
 */
final class GaussianPosterior {

    /** Keeps exp(l) finite in float32 and the loss away from log(0). */
    private static final float LOG_RATIO_LIMIT = 15f;

    private GaussianPosterior() {}

    /**
     * -log N(y; mu, v + sigma^2) per sample, without the constant log(2 pi) / 2:
     * ((y - mu)^2 / (sigma^2 (1 + r)) + log(sigma^2 (1 + r))) / 2 with r = exp(l).
     */
    static Operand<TFloat32> negativeLogLikelihood(Ops tf, Operand<TFloat32> noisy,
            BlindSpotNetwork.Prediction prior, Operand<TFloat32> sigma) {
        Operand<TFloat32> total = tf.math.mul(tf.math.square(sigma),
                tf.math.add(tf.constant(1f), ratio(tf, prior)));
        Operand<TFloat32> fit = tf.math.div(tf.math.squaredDifference(noisy, prior.mean()), total);
        return tf.math.mul(tf.constant(0.5f), tf.math.add(fit, tf.math.log(total)));
    }

    /** (mu + r y) / (1 + r): the prior mean moved toward y by the share r / (1 + r). */
    static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> noisy, BlindSpotNetwork.Prediction prior) {
        Operand<TFloat32> r = ratio(tf, prior);
        return tf.math.div(tf.math.add(prior.mean(), tf.math.mul(r, noisy)),
                tf.math.add(tf.constant(1f), r));
    }

    /** r = v / sigma^2, from the clamped log ratio. */
    private static Operand<TFloat32> ratio(Ops tf, BlindSpotNetwork.Prediction prior) {
        Operand<TFloat32> limited = tf.math.minimum(tf.math.maximum(prior.logVarianceRatio(),
                tf.constant(-LOG_RATIO_LIMIT)), tf.constant(LOG_RATIO_LIMIT));
        return tf.math.exp(limited);
    }
}
