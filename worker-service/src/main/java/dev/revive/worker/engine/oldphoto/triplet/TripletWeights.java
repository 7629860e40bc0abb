package dev.revive.worker.engine.oldphoto.triplet;

/**
 * How much each term counts. Stage 1: the VAEs' KL (both), reconstruction L1 (both) and the latent LSGAN that
 * aligns real and synthetic old photos' codes; stage 2: the mapping's latent L1, the image LSGAN and feature
 * matching. Defaults: the paper's alpha = 10 for reconstruction and lambda1 = 60, lambda2 = 10 for the mapping;
 * the paper gives no KL weight, so UNIT's 0.01 (the authors' code descends from it).
 */
public record TripletWeights(float kl, float reconstruction, float latentAdversarial, float mapping,
        float imageAdversarial, float featureMatching) {

    public TripletWeights {
        for (float w : asArray(kl, reconstruction, latentAdversarial, mapping, imageAdversarial, featureMatching)) {
            if (!(w >= 0 && w <= 1000)) {
                throw new IllegalArgumentException("loss weights must be in [0, 1000], got " + w);
            }
        }
    }

    public static TripletWeights paper() {
        return new TripletWeights(0.01f, 10, 1, 60, 1, 10);
    }

    float[] asArray() {
        return asArray(kl, reconstruction, latentAdversarial, mapping, imageAdversarial, featureMatching);
    }

    private static float[] asArray(float... weights) {
        return weights;
    }
}
