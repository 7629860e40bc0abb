package dev.revive.worker.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.worker.config.WorkerConfig.CpuPrecision;
import dev.revive.worker.engine.nn.SkipConfig;
import org.junit.jupiter.api.Test;

/** The automatic precision keeps narrow networks in float32, where bfloat16 was measured slower. */
class DipRestorerPrecisionTest {

    @Test
    void onlyTheAutomaticPrecisionKeepsANarrowNetworkInFloat32() {
        SkipConfig narrow = SkipConfig.inpainting(3).withChannels(DipRestorer.BFLOAT16_MIN_WIDTH - 1);
        SkipConfig wide = SkipConfig.inpainting(3).withChannels(DipRestorer.BFLOAT16_MIN_WIDTH);

        assertTrue(DipRestorer.narrow(CpuPrecision.AUTO, narrow));
        assertTrue(DipRestorer.narrow(CpuPrecision.AUTO, SkipConfig.jpegArtifacts(3).withChannels(32)));
        assertFalse(DipRestorer.narrow(CpuPrecision.AUTO, wide));
        assertFalse(DipRestorer.narrow(CpuPrecision.AUTO, SkipConfig.denoising(3)), "the paper's networks are wide");
        assertFalse(DipRestorer.narrow(CpuPrecision.BFLOAT16, narrow), "a forced bfloat16 is kept");
    }
}
