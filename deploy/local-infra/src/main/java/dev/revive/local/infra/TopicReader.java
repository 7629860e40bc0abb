package dev.revive.local.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Looks at what a topic holds right now, with a plain consumer outside any group, so tests can check what
 * was (or was not) published without joining the services' consumer groups.
 */
public final class TopicReader implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final KafkaConsumer<String, String> consumer;

    public TopicReader(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props);
    }

    /** Everything on the topic, oldest first within each partition. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        try (TopicReader reader = new TopicReader(bootstrapServers)) {
            return reader.readAll(topic);
        }
    }

    public synchronized List<ConsumerRecord<String, String>> readAll(String topic) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    /** How many records were ever written to the topic: cheap, for "nothing was published" checks. */
    public synchronized long count(String topic) {
        return consumer.endOffsets(partitions(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    private List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
