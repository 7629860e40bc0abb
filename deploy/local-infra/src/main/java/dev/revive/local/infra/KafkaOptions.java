package dev.revive.local.infra;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link LocalKafka} runs the broker. The defaults suit tests on a 2-core machine; the local launcher may
 * give it more heap or louder logs.
 *
 * @param maxHeap        the broker JVM's {@code -Xmx} value, e.g. {@code 256m}
 * @param logLevel       the broker's log4j2 root level (its log goes to {@code kafka.log} in the data dir)
 * @param startTimeout   how long to wait for the broker to answer an Admin client
 * @param serverOverrides extra or replaced {@code server.properties} entries (fault-injection tests tune timeouts)
 */
public record KafkaOptions(String maxHeap, String logLevel, Duration startTimeout, Map<String, String> serverOverrides) {

    public KafkaOptions {
        serverOverrides = Map.copyOf(serverOverrides);
    }

    public static KafkaOptions defaults() {
        return new KafkaOptions("256m", "WARN", ChildProcess.START_TIMEOUT, Map.of());
    }

    public KafkaOptions withMaxHeap(String value) {
        return new KafkaOptions(value, logLevel, startTimeout, serverOverrides);
    }

    public KafkaOptions withLogLevel(String value) {
        return new KafkaOptions(maxHeap, value, startTimeout, serverOverrides);
    }

    public KafkaOptions withStartTimeout(Duration value) {
        return new KafkaOptions(maxHeap, logLevel, value, serverOverrides);
    }

    public KafkaOptions withServerProperty(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(serverOverrides);
        merged.put(key, value);
        return new KafkaOptions(maxHeap, logLevel, startTimeout, merged);
    }
}
