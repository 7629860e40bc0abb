package dev.revive.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.Topics;
import dev.revive.worker.engine.bench.SkipNetBenchmark;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.Observation;
import dev.revive.worker.engine.dip.ProgressListener;
import dev.revive.worker.engine.dip.Restoration;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.Resampling;
import dev.revive.worker.engine.image.SyntheticImages;
import dev.revive.worker.engine.oldphoto.AgeingSynthesiser;
import dev.revive.worker.engine.oldphoto.DefectDetector;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A 4000x3000 aged scan through the old-photo task's own beans: the shipped detector in tiles, then the inpainting
 * and the denoising in the worker's tiles (one step each, a narrow network: the test is about size, not quality).
 * It shows a scan completes and that memory beyond the heap is bounded by a tile, not by the photo's area times a
 * network (a whole-scan fit of even this narrow network would need several GB of activations).
 */
@QuarkusTest
@WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(
        name = LocalInfraTestResource.TOPICS_ARG, value = Topics.REQUESTS + ":1," + Topics.TRAINING + ":1"))
class OldPhotoLargeScanTest {
    private static final Logger LOG = Logger.getLogger(OldPhotoLargeScanTest.class);
    static final int WIDTH = 4000;
    static final int HEIGHT = 3000;
    /**
     * Native memory the run may add beyond the heap: one tile's network and TensorFlow's own. The heap may grow to its
     * cap with garbage (several 144 MB images of the scan), so the bound on the peak RSS is that cap plus this.
     */
    static final long NATIVE_MB = 2048;

    @Inject
    TrainedModels models;

    @Inject
    OldPhotoRepair repair;

    @Test
    void aScanIsDetectedFilledAndDenoisedInTilesWithinBoundedMemory() {
        long rssBefore = SkipNetBenchmark.peakRssMegabytes();
        assertTrue(rssBefore > 0, "the peak RSS is read from /proc/self/status (Linux)");
        long start = System.nanoTime();
        Image scan = new AgeingSynthesiser().age(Resampling.nearestUpsample(
                SyntheticImages.shapes(WIDTH / 4, HEIGHT / 4, 3), 4), 10).old();

        Image defects = DefectDetector.threshold(models.defects(null, scan, CancellationSignal.NEVER),
                DefectDetector.DEFAULT_THRESHOLD);
        long detected = System.nanoTime();
        float[] known = new float[defects.pixels().length];
        int holes = 0;
        for (int i = 0; i < known.length; i++) {
            known[i] = 1f - defects.pixels()[i];
            holes += (int) defects.pixels()[i];
        }
        double fraction = (double) holes / known.length;
        assertTrue(fraction > 0.001 && fraction < 0.5, "a non-trivial defect mask: " + fraction);

        DipSettings oneStep = new DipSettings(1, 1, 0.01f, 0.03f, 0f, 1, false, null, 0);
        Restoration filled = repair.fill(Observation.withHoles(scan, known), oneStep, 8, ProgressListener.NONE,
                CancellationSignal.NEVER);
        long inpainted = System.nanoTime();
        assertEquals(WIDTH, filled.image().width());
        assertEquals(HEIGHT, filled.image().height());
        assertEquals(1, filled.iterations());
        int changed = 0;
        for (int p = 0; p < known.length; p++) {
            for (int c = 0; c < 3; c++) {
                int i = p * 3 + c;
                if (known[p] == 1f) {
                    assertEquals(scan.pixels()[i], filled.image().pixels()[i], "sound pixel " + p + " is the photo's");
                } else if (filled.image().pixels()[i] != scan.pixels()[i]) {
                    changed++;
                }
            }
        }
        assertTrue(changed > holes, "the defects were filled: " + changed + " samples of " + holes + " holes");

        Restoration denoised = repair.denoise(filled, oneStep, 8, ProgressListener.NONE, CancellationSignal.NEVER);
        long end = System.nanoTime();
        assertEquals(WIDTH, denoised.image().width());
        assertEquals(HEIGHT, denoised.image().height());
        assertEquals(1, denoised.iterations());

        long growth = SkipNetBenchmark.peakRssMegabytes() - rssBefore;
        long heapCap = Runtime.getRuntime().maxMemory() >> 20;
        LOG.infof("4000x3000 scan: %.2f%% defects; ageing and detection %.1f s, inpainting %.1f s, denoising %.1f s;"
                + " peak RSS grew by %d MB (heap cap %d MB, committed %d MB)", 100 * fraction, (detected - start) / 1e9,
                (inpainted - detected) / 1e9, (end - inpainted) / 1e9, growth, heapCap,
                Runtime.getRuntime().totalMemory() >> 20);
        assertTrue(growth < heapCap + NATIVE_MB, "peak RSS grew by " + growth + " MB, over the heap cap of " + heapCap
                + " MB plus " + NATIVE_MB + " MB");
    }
}
