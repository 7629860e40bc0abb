package dev.revive.worker.engine.dip;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a {@link DipGraph}'s session runs: the one place for threads and the hardware switches, so
 * the CPU and GPU builds share one code path. Measured choices are in {@code docs/performance.md}.
 *
 * <p>GPU settings are always written, and TensorFlow applies them only when it sees a GPU: memory
 * growth concerns only the GPU allocator, and the float16 rewriter ({@code auto_mixed_precision})
 * skips itself when no GPU is present. So a CPU worker runs exactly the float32 graph.
 *
 * @param intraOpThreads threads inside one op; all cores, since a worker runs one job at a time
 * @param interOpThreads ops run at once; 1 keeps the ops of one step in sequence (less memory)
 * @param cpuBfloat16 oneDNN's bfloat16 auto mixed precision on CPU: on by default where the CPU multiplies
 *     bf16 natively (0.6-0.7x the float32 step time, within 0.15 dB), off elsewhere (emulated bf16 is
 *     slower; see the performance doc)
 * @param xlaJit XLA auto-clustering, on CPU too (off: slower than oneDNN here)
 * @param gpuMixedPrecision float16 auto mixed precision where a GPU is present (untested here)
 * @param gpuMemoryGrowth take GPU memory as needed instead of all of it at start
 */
public record SessionOptions(int intraOpThreads, int interOpThreads, boolean cpuBfloat16,
        boolean xlaJit, boolean gpuMixedPrecision, boolean gpuMemoryGrowth) {

    public SessionOptions {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1, got " + intraOpThreads
                    + " and " + interOpThreads);
        }
    }

    /**
     * What a worker uses: all cores in each op, bfloat16 mixed precision on a CPU with native bf16 (else
     * float32), float16 mixed precision on a GPU.
     */
    public static SessionOptions defaults() {
        return new SessionOptions(Runtime.getRuntime().availableProcessors(), 1,
                CpuFeatures.nativeBfloat16(), false, true, true);
    }

    public SessionOptions withThreads(int intraOp, int interOp) {
        return new SessionOptions(intraOp, interOp, cpuBfloat16, xlaJit, gpuMixedPrecision,
                gpuMemoryGrowth);
    }

    public SessionOptions withCpuBfloat16(boolean on) {
        return new SessionOptions(intraOpThreads, interOpThreads, on, xlaJit, gpuMixedPrecision,
                gpuMemoryGrowth);
    }

    public SessionOptions withXlaJit(boolean on) {
        return new SessionOptions(intraOpThreads, interOpThreads, cpuBfloat16, on, gpuMixedPrecision,
                gpuMemoryGrowth);
    }

    public SessionOptions withGpuMixedPrecision(boolean on) {
        return new SessionOptions(intraOpThreads, interOpThreads, cpuBfloat16, xlaJit, on,
                gpuMemoryGrowth);
    }

    /** The session configuration these options stand for. */
    public ConfigProto toConfigProto() {
        RewriterConfig.Builder rewriter = RewriterConfig.newBuilder();
        if (cpuBfloat16) {
            rewriter.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        if (gpuMixedPrecision) {
            rewriter.setAutoMixedPrecision(RewriterConfig.Toggle.ON);
        }
        OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
        if (xlaJit) {
            optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1).setCpuGlobalJit(true);
        }
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads)
                .setGraphOptions(GraphOptions.newBuilder()
                        .setRewriteOptions(rewriter)
                        .setOptimizerOptions(optimizer))
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(gpuMemoryGrowth))
                .build();
    }
}
