/**
 * Deep Image Prior for every task of the paper, behind one call:
 * {@link dev.revive.worker.engine.dip.DeepImagePrior#restore}.
 *
 * <p>Each task is an {@link dev.revive.worker.engine.dip.Observation}, a network
 * ({@link dev.revive.worker.engine.nn.SkipConfig}) and settings
 * ({@link dev.revive.worker.engine.dip.DipSettings}); the notebooks' recipes are factories of both:
 * <table>
 *   <caption>Per-task defaults of the reference notebooks</caption>
 *   <tr><th>task</th><th>network</th><th>input</th><th>steps</th><th>lr</th><th>z noise</th>
 *       <th>averaging</th></tr>
 *   <tr><td>denoising</td><td>denoising (= reference)</td><td>noise, 32</td><td>3000 (1800 here)</td>
 *       <td>0.01</td><td>1/30</td><td>0.99</td></tr>
 *   <tr><td>JPEG artefacts</td><td>jpegArtifacts</td><td>noise, 3</td><td>2400</td><td>0.01</td>
 *       <td>1/30</td><td>0.99</td></tr>
 *   <tr><td>super-resolution x4 / x8</td><td>superResolution (= reference)</td><td>noise, 32</td>
 *       <td>2000 / 4000</td><td>0.01</td><td>0.03 / 0.05</td><td>none</td></tr>
 *   <tr><td>inpainting (text)</td><td>inpainting</td><td>noise, 32</td><td>6001</td><td>0.01</td>
 *       <td>0.03</td><td>none</td></tr>
 *   <tr><td>inpainting (large holes)</td><td>inpaintingDeep</td><td>noise, 1</td><td>3001</td>
 *       <td>0.01</td><td>0</td><td>none</td></tr>
 *   <tr><td>flash / no flash</td><td>flashGuided</td><td>the flash shot</td><td>601</td><td>0.1</td>
 *       <td>0</td><td>none</td></tr>
 * </table>
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Every data term is {@link dev.revive.worker.engine.dip.MaskedMseTerm}: of the output
 *       (denoising, inpainting with the known pixels as mask, flash) or of its Lanczos-2
 *       downsampling (super-resolution). The mask also keeps out the padding that makes sizes fit
 *       the network. The reference's inpainting loss divides by all pixels, this one by the known
 *       ones: a constant factor Adam does not see.
 *   <li>Super-resolution pads the small image, so the network's output is the padded small size
 *       times the factor and both grids stay aligned at the top left.
 *   <li>The guide of flash-guided restoration is loaded into the variable that holds the random
 *       code z; the two share a graph, and neither needs feeds per step.
 *   <li>The divergence guard (the notebooks' "falling back to previous checkpoint") keeps two
 *       in-graph checkpoints of weights, Adam state, average and iteration, every 10 healthy steps.
 *       A step whose loss is NaN or more than 10^0.5 times the last healthy one (5 dB of PSNR
 *       against the observation) rolls back and halves the learning rate, since the same state
 *       would otherwise replay the same divergence.
 *   <li>Cost, measured on 2 shared cores under heavy load (so upper bounds): fetching the loss
 *       adds 0.3 ms per step (paired median over 300 steps, small net at 128x128), ~0.1% of a
 *       reference step at 128x128 (~280 ms), so it is always fetched; a checkpoint of the
 *       reference net costs ~8 ms, every 10 steps.
 * </ul>
 */
package dev.revive.worker.engine.dip;
