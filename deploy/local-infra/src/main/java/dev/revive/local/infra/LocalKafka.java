package dev.revive.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) in a child JVM, keeping its
 * data in {@code dataDir}. A data directory may be reused across runs; the broker keeps its ports across
 * {@link #restart()} so clients reconnect to the same address.
 */
public final class LocalKafka extends LocalServer<LocalKafka> {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaOptions options;

    private LocalKafka(Path dataDir, int port, int controllerPort, KafkaOptions options) {
        super(Duration.ofSeconds(30));
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.options = options;
    }

    /** Starts a broker on {@code port} (0: a free one), formatting {@code dataDir} first if it is new. */
    public static LocalKafka start(Path dataDir, int port) {
        return start(dataDir, port, KafkaOptions.defaults());
    }

    public static LocalKafka start(Path dataDir, int port, KafkaOptions options) {
        int brokerPort = FreePorts.orPick(port);
        int controllerPort = FreePorts.pick();
        while (controllerPort == brokerPort) {
            controllerPort = FreePorts.pick();
        }
        LocalKafka kafka = new LocalKafka(dataDir.toAbsolutePath(), brokerPort, controllerPort, options);
        kafka.start();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }


    /** Creates the topics with replication factor 1; topics that already exist are left as they are. */
    public void createTopics(Map<String, Integer> topicPartitions) {
        List<NewTopic> topics = new ArrayList<>();
        topicPartitions.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        try (Admin admin = admin()) {
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + topicPartitions.keySet(), e);
        }
    }

    @Override
    LocalKafka self() {
        return this;
    }

    @Override
    ChildProcess launch() {
        Path logDir = dataDir.resolve("kafka-logs");
        Path config = dataDir.resolve("server.properties");
        Path logFile = dataDir.resolve("kafka.log");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + logDir, e);
        }
        List<String> jvm = List.of(
                "-Xmx" + options.maxHeap(),
                "-Xss1m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + Log4j2Config.write(dataDir.resolve("log4j2.properties"), options.logLevel()));
        PropertiesFile.write(config, KafkaServerProperties.of(logDir, port, controllerPort, options.serverOverrides()));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            ChildProcess.run("kafka-storage-format", ServerClasspath.KAFKA, jvm, "kafka.tools.StorageTool",
                    List.of("format", "--config", config.toString(), "--cluster-id", Uuid.randomUuid().toString()),
                    logFile, FORMAT_TIMEOUT);
        }
        ChildProcess child = ChildProcess.start("kafka-broker", ServerClasspath.KAFKA, jvm, "kafka.Kafka",
                List.of(config.toString()), logFile);
        try (ReadinessProbe probe = new ReadinessProbe()) {
            child.awaitReady(options.startTimeout(), probe);
        }
        return child;
    }

    private Admin admin() {
        return admin(Duration.ofSeconds(5));
    }

    private Admin admin(Duration requestTimeout) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "revive-local-infra");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout.toMillis()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ADMIN_TIMEOUT.toMillis()));
        return Admin.create(config);
    }

    /**
     * Ready means an unfenced broker is in the cluster metadata, so topics can be created right away. The broker
     * binds its port long before it serves requests, so the Admin client is made only once the port is bound, and
     * with a short request timeout, because requests sent too early wait until they time out.
     */
    private final class ReadinessProbe implements ChildProcess.Probe, AutoCloseable {

        private Admin admin;

        @Override
        public boolean ready() throws Exception {
            if (admin == null) {
                if (!FreePorts.isListening(port)) {
                    return false;
                }
                admin = admin(Duration.ofSeconds(1));
            }
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        }

        @Override
        public void close() {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }
}
