/**
 * Restoration learned from unpaired photos: invariant-representation restoration (Du, Chen, Yang, CVPR 2020).
 * Degraded and clean photos of different scenes are encoded into one content space, kept alike by a
 * representation discriminator; the degradation has its own encoder; generators translate both ways and back.
 * The restorer (E_X then G_Y) is saved in the layout of the self-supervised denoisers and served like them.
 * Plain Java over TensorFlow, no service imports.
 */
package dev.revive.worker.engine.unpaired;
