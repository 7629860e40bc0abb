package dev.revive.worker.job;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Checkpoints every {@value #EVERY} steps, so a test training of a few dozen steps takes some. */
public class CheckpointProfile implements QuarkusTestProfile {
    public static final int EVERY = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("revive.worker.models.checkpoint-every", String.valueOf(EVERY),
                "revive.worker.record-interval", "0s");
    }
}
