/**
 * Denoisers trained on a user's own noisy photos, without clean targets: a small {@link
 * dev.revive.worker.engine.selfsup.UNet} trained by {@link
 * dev.revive.worker.engine.selfsup.SelfSupervisedTrainer#train} with one {@link
 * dev.revive.worker.engine.selfsup.TrainingMethod} (Noise2Void, Neighbor2Neighbor, Noise2Noise,
 * Self2Self), saved with {@link dev.revive.worker.engine.selfsup.TrainedModel#save} and applied
 * by {@link dev.revive.worker.engine.selfsup.Denoiser} to photos of any size.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>One graph trains and serves: its input is NHWC of any batch and size, so patches train it
 *       and whole photos (padded by reflection to a multiple of 2^depth, cropped back) go through
 *       the same weights. Every method's loss is one form, a weighted MSE plus an optional second
 *       weighted MSE ({@link dev.revive.worker.engine.selfsup.TrainingBatch}); each method only
 *       prepares its inputs, targets and weights in Java, so each reads like its paper.
 *   <li>Neighbor2Neighbor's f(y) "under stop-gradient" is a separate forward run whose result is
 *       fed back as part of a target: no gradient can reach it.
 *   <li>Training and inference always run in float32: under oneDNN's bfloat16 mixed precision
 *       (the DIP default on AMX hosts) every method's loss turned NaN within a few steps.
 *   <li>The patches, masks and dropout of step s come from (seed, s) alone, and weights start from
 *       stateless random ops keyed by the seed, so a run is reproducible and a resumed run
 *       continues bit for bit (tested with 2 threads).
 *   <li>A saved model is a TensorFlow SavedModel directory (tag {@code serve}, signature {@code
 *       serving_default}: {@code noisy} [N,H,W,C] in [0,1] to {@code denoised}, with optional
 *       {@code dropout} and {@code dropout_key} for Self2Self's passes) plus {@code
 *       revive-denoiser.properties} ({@link dev.revive.worker.engine.selfsup.ModelInfo}). The
 *       SavedModel keeps Adam's moments and the step count next to the weights (three times the
 *       weights' size) so that training can be resumed from it.
 *   <li>No batch norm: a net trained on small patches then behaves the same on a whole photo.
 * </ul>
 */
package dev.revive.worker.engine.selfsup;
