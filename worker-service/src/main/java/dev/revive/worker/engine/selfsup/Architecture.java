package dev.revive.worker.engine.selfsup;

/** The network a training method fits, which also fixes how its output is scored and served. */
public enum Architecture {

    /** {@link UNet}: its output is the denoised photo, scored by (weighted) squared error. */
    U_NET,

    /**
     * {@link BlindSpotNetwork}: a Gaussian prior per pixel from everything but that pixel, scored by
     * the likelihood of the noisy value and served as the posterior mean ({@link GaussianPosterior}).
     */
    BLIND_SPOT
}
