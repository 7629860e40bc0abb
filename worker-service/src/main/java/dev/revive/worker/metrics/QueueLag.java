package dev.revive.worker.metrics;

import dev.revive.health.KafkaHealthCheck;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.messaging.WorkerTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Records on each lane's topic that the workers' group has not yet finished (waiting, or running: a record is
 * committed once its job is done), polled every {@code revive.worker.lag-interval} by an admin client of its own,
 * so an operator (or an autoscaler) sees a backlog per lane. Unknown (NaN) until the first poll and while the
 * broker does not answer.
 */
@ApplicationScoped
public class QueueLag {
    private static final Logger LOG = Logger.getLogger(QueueLag.class);
    public static final String QUEUE_LAG = "revive.worker.queue.lag.records";

    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private final Map<String, Object> kafka;
    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();
    private final Duration interval;
    private ScheduledExecutorService poller;
    private Admin admin;

    /** A topic and the group that consumes it. */
    record Lane(String topic, String group) {
    }

    public QueueLag(MeterRegistry registry, Config config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, WorkerConfig worker) {
        this.registry = registry;
        this.kafka = kafka;
        this.interval = worker.lagInterval();
        for (String channel : WorkerTopics.LAGGED_CHANNELS) {
            String prefix = "mp.messaging.incoming." + channel + ".";
            var topic = config.getOptionalValue(prefix + "topic", String.class);
            var group = config.getOptionalValue(prefix + "group.id", String.class);
            if (topic.isPresent() && group.isPresent()) {
                lanes.put(topic.get(), new Lane(topic.get(), group.get()));
                lag.put(topic.get(), Double.NaN);
                gauges.add(Gauge.builder(QUEUE_LAG, lag, values -> values.getOrDefault(topic.get(), Double.NaN))
                        .description("Records on the topic its consumer group has not finished: waiting or running")
                        .tag("topic", topic.get())
                        .strongReference(true)
                        .register(registry));
            }
        }
    }

    void start(@Observes StartupEvent startup) {
        admin = KafkaHealthCheck.admin(kafka, Duration.ofSeconds(5));
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revive-queue-lag");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Also takes the gauges out: see {@link WorkerMetrics#unregister()}. */
    void stop(@Observes ShutdownEvent shutdown) {
        if (poller != null) {
            poller.shutdownNow();
            admin.close(Duration.ZERO);
        }
        gauges.forEach(registry::remove);
    }

    private void poll() {
        for (Lane lane : lanes.values()) {
            try {
                lag.put(lane.topic(), measure(lane));
            } catch (Exception e) {
                lag.put(lane.topic(), Double.NaN);
                LOG.debugf("queue lag of %s unknown: %s", lane.topic(), e.toString());
            }
        }
    }

    /** End offsets minus the group's committed ones; a partition it never committed counts from its start. */
    private double measure(Lane lane) throws Exception {
        var description = admin.describeTopics(List.of(lane.topic())).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(lane.topic());
        Set<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(lane.topic(), p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(lane.group())
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all().get(5, TimeUnit.SECONDS);
        long total = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done == null ? starts.get(partition).offset() : done.offset();
            total += Math.max(0, ends.get(partition).offset() - from);
        }
        return total;
    }
}
