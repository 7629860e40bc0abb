package dev.revive.worker.messaging;

import dev.revive.messaging.TopicDefaults;
import dev.revive.model.Topics;
import java.util.Map;

/** The worker's channels: restoration requests in both lanes, training and import requests in (with their dead letters), events out. */
public class WorkerTopics extends TopicDefaults {
    /**
     * The incoming channels whose backlog is measured (revive_worker_queue_lag_records), one per lane of work: each
     * channel's topic and consumer group come from its configuration. A new request lane is added here.
     */
    public static final java.util.List<String> LAGGED_CHANNELS = java.util.List.of("requests", "bulk", "training",
            "imports");

    public WorkerTopics() {
        super(Map.of(
                "mp.messaging.incoming.requests.topic", Topics.REQUESTS,
                "mp.messaging.incoming.requests.dead-letter-queue.topic", Topics.REQUESTS_DEAD_LETTER,
                "mp.messaging.incoming.bulk.topic", Topics.REQUESTS_BULK,
                "mp.messaging.incoming.bulk.dead-letter-queue.topic", Topics.REQUESTS_BULK_DEAD_LETTER,
                "mp.messaging.outgoing.events.topic", Topics.EVENTS,
                "mp.messaging.incoming.training.topic", Topics.TRAINING,
                "mp.messaging.incoming.training.dead-letter-queue.topic", Topics.TRAINING_DEAD_LETTER,
                "mp.messaging.incoming.imports.topic", Topics.IMPORTS,
                "mp.messaging.incoming.imports.dead-letter-queue.topic", Topics.IMPORTS_DEAD_LETTER));
    }
}
