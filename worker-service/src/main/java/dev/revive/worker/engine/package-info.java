/**
 * The restoration engine: plain Java over TensorFlow Java in graph mode, with no framework, broker
 * or storage types (it shares only the contract's enums), so it can be tested and benchmarked alone.
 *
 * <ul>
 *   <li>{@code image}: decode/encode keeping format, depth, alpha and metadata; masks; the float
 *       image type, PSNR, synthetic noise.
 *   <li>{@code nn}: layers as functions adding ops to a graph; the DIP skip network in every
 *       configuration of the paper; the Lanczos downsampler; Adam.
 *   <li>{@code dip}: the Deep Image Prior optimisation (observation, graph, data terms, the
 *       loop with its divergence guard); {@code dip.stop}: stopping without ground truth.
 *   <li>{@code selfsup}: U-Net denoisers trained on a user's own noisy photos without clean
 *       targets (Noise2Void, Neighbor2Neighbor, Noise2Noise), saved as SavedModels.
 *   <li>{@code tile}: images larger than one optimisation, in blended overlapping tiles.
 *   <li>{@code bench}: speed, quality and memory commands, comparable with the PyTorch reference.
 * </ul>
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Weights are ref variables ({@code VariableV2}) updated in place by {@code ApplyAdam}. The
 *       updates wait, by control dependencies, for every gradient, because the backward pass still
 *       reads the weights; without that an update could race a backward op.
 *   <li>Nothing a job chooses is baked into the graph: weights, Adam slots, z, the seeds, learning
 *       rate, input noise and averaging are variables set by one reset run (~20 ms), so a graph of
 *       one shape serves any number of jobs. A new graph costs ~2 s to build plus ~1 s of first-run
 *       optimisation on 2 cores (reference net, 64x64), and ~4 s more for the first native load.
 *       {@code DipGraphCache} keeps the last two graphs for the next jobs of the same padded shapes
 *       (an old-photo job alternates two networks).
 *   <li>Session settings (threads, bf16/XLA switches, GPU memory growth and mixed precision) are
 *       built in one place, {@code SessionOptions}; what each switch measured is in
 *       {@code docs/performance.md}.
 *   <li>Randomness is stateless (Philox) and keyed by the job seed and the iteration, and the CPU
 *       kernels used are deterministic: same seed and input on the same machine give bit-identical
 *       results (tested with 2 intra-op threads; other thread counts may round differently).
 *   <li>Images are padded by reflection at the bottom/right to a multiple of 2^levels, and to at
 *       least 2 * 2^levels because the deepest reflection pad needs a side of 2; the loss ignores
 *       the padding through a mask.
 * </ul>
 */
package dev.revive.worker.engine;
