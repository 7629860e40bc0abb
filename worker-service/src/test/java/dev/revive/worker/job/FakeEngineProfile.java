package dev.revive.worker.job;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Pipeline tests: the fake engine, and a short max.poll.interval.ms that any real job would outlast. */
public class FakeEngineProfile implements QuarkusTestProfile {
    /** Shorter than the long job in the pipeline test, so a design that stops polling would be evicted. */
    public static final int MAX_POLL_INTERVAL_MS = 6000;
    /**
     * With 200 ms doubling, about 12.6 s of retries: the pipeline test's store outage is 1.5 s plus S3Proxy's
     * restart, which took over 5 s on a loaded 2-core machine and outlasted the 6 s of 6 attempts.
     */
    public static final int MAX_ATTEMPTS = 7;
    /** The webhook secret of pipeline tests, for checking signatures. */
    public static final String WEBHOOK_SECRET = "pipeline-test-secret";

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeRestorer.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(Map.of(
                "mp.messaging.incoming.requests.max.poll.interval.ms", String.valueOf(MAX_POLL_INTERVAL_MS),
                "mp.messaging.incoming.requests.session.timeout.ms", String.valueOf(MAX_POLL_INTERVAL_MS),
                "mp.messaging.incoming.requests.heartbeat.interval.ms", "1000",
                "revive.worker.record-interval", "0s",
                "revive.worker.simulated-step-time", FakeRestorer.MILLIS_PER_ITERATION + "ms",
                "revive.worker.cancel-check-interval", "200ms",
                "revive.worker.retry.max-attempts", String.valueOf(MAX_ATTEMPTS),
                "revive.worker.retry.backoff", "200ms"));
        config.put("revive.worker.webhook.secret", WEBHOOK_SECRET);
        // The test receivers listen on the loopback interface, over plain http.
        config.put("revive.worker.webhook.allow-http", "true");
        config.put("revive.worker.webhook.allowed-networks", "127.0.0.1/32");
        config.put("revive.worker.webhook.backoff", "100ms");
        config.put("revive.worker.lag-interval", "300ms");
        return config;
    }
}
