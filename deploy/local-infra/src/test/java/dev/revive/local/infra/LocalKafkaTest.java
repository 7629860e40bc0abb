package dev.revive.local.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    private static final String TOPIC = "revive.test.requests";

    @TempDir
    Path dir;

    /** One test, because every broker start costs seconds: crash, restart, then a new broker on the same data. */
    @Test
    void recordsSurviveAKillARestartAndANewBrokerOnTheSameDirectory() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            kafka.createTopics(Map.of(TOPIC, 2));
            kafka.createTopics(Map.of(TOPIC, 2));
            String bootstrap = kafka.bootstrapServers();

            send(bootstrap, "job-1", "hello");
            assertEquals(List.of("job-1=hello"), readAll(bootstrap, 1));

            assertTrue(kafka.isRunning());
            kafka.kill();
            assertFalse(kafka.isRunning());
            kafka.restart();

            assertEquals(bootstrap, kafka.bootstrapServers());
            assertEquals(List.of("job-1=hello"), readAll(bootstrap, 1));
        }
        try (LocalKafka again = LocalKafka.start(dir, 0)) {
            assertTrue(topics(again.bootstrapServers()).contains(TOPIC));
            send(again.bootstrapServers(), "job-2", "kept");
            assertEquals(2, readAll(again.bootstrapServers(), 2).size());
        }
    }

    private static void send(String bootstrap, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    /** Reads every partition from the beginning without a consumer group, until {@code expected} records arrived. */
    private static List<String> readAll(String bootstrap, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
        }
        return seen;
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get();
        }
    }
}
