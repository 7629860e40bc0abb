/**
 * When to stop Deep Image Prior without the clean image. DIP fits the photo before the noise; the
 * rules here watch for the turn.
 *
 * <ul>
 *   <li>{@code StoppingRules.forDenoising()}: the default, ES-WMV ({@code VarianceRule}): the
 *       moving variance of the raw outputs over 100 steps; stop 150 steps after its lowest value,
 *       never before step 200 + 150. Needs every step's raw output ({@code needsOutputs()}), not
 *       the loss; it follows at most 65536 samples of it, so its memory is bounded (~26 MB).
 *   <li>{@code StoppingRules.discrepancy(image)}: the discrepancy principle ({@code
 *       DiscrepancyRule}): stop when the loss, smoothed, falls to 0.95 sigma-hat^2, with
 *       sigma-hat from {@code NoiseLevel} (median |finest diagonal Haar coefficient| / 0.6745,
 *       per channel, root mean square). Needs only the loss; below 2/255 it defers to the caps.
 * </ul>
 *
 * <p>Measured with {@code bench/stopping} (reference network, averaging 0.99, lr 0.01, input
 * noise 1/30), replayed by {@code bench/stopping --evaluate TRACES}. PSNR of the averaged output
 * in dB; gap = best - at stop:
 * <pre>
 * trace (centre crop, noise, seeds)   best (step)   ES-WMV stop, gap   discrepancy stop, gap
 * F16 128, sigma 25, seed 1           30.17 (857)   935  0.06          775  0.07
 * F16 128, sigma 25, seed 2           30.47 (804)   928  0.18          861  0.04
 * F16 64,  sigma 25, seed 1           29.96 (534)   602  0.17          443  0.38
 * Barbara 64 gray, sigma 25           30.73 (308)   351  0.18          286  0.10
 * Kate 64, sigma 25, seed 3           30.17 (598)   476  0.37          784  0.29
 * Zebra 64, sigma 50, seed 4          23.48 (370)   350  0.05          391  0.02
 * F16 64, JPEG q20 (input 26.65)      28.15 (587)   cap  (27.19 at 2000; both rules)
 * F16 64, clean                       still rising at 1000 (36.0): both rules leave it to the cap
 * </pre>
 * Patience, warm-up and tau were chosen on these traces, so the gaps are in-sample; with the
 * patience first tried (100), chosen before Kate and Zebra were run, those two lost 0.77 and
 * 0.48 dB. The two rules are on par here; ES-WMV is the default because it needs no noise level:
 * sigma-hat^2 read 8% over the true noise variance on F16 (texture) and 7% under on Kate
 * (clipping), and correlated noise (demosaiced camera noise) would read lower still. Both rules
 * need a hard cap on iterations and time beside them.
 * The variance also covers the reflection padding the loop adds; those outputs are not fitted
 * but move with the rest, and the 48x48 (padded to 64) test stops well.
 */
package dev.revive.worker.engine.dip.stop;
