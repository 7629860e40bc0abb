/**
 * Old photos restored by triplet domain translation (Wan et al., "Bringing Old Photos Back to Life", CVPR 2020).
 * VAE 1 encodes real old photos and synthetic old ones into one latent space (kept alike by a latent
 * discriminator), VAE 2 encodes clean photos, and a mapping network with a partial non-local block carries the
 * first latent space to the second. Trained in the paper's two stages; the restorer (VAE 1's encoder, the
 * mapping, VAE 2's decoder) is saved in the layout of the other trained denoisers and served like them.
 * Plain Java over TensorFlow, no service imports.
 */
package dev.revive.worker.engine.oldphoto.triplet;
