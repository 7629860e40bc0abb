package dev.revive.deploy.k8s;

import dev.revive.model.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.revive.deploy.k8s.Manifests.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Strimzi topics and cluster, and the KEDA ScaledObject, against the names the code really uses. */
class KafkaAndAutoscalingTest {

    private static final String REQUESTS_TOPIC_RESOURCE = "revive-restoration-requests";

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void topicsAreTheOnesInSharedModelAndMinioAnnouncesOnTheOneTheApiReads(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Set<String> topics = m.customs("KafkaTopic").stream().map(KafkaAndAutoscalingTest::topicName)
                .collect(Collectors.toSet());
        String notifications = m.get(Job.class, "minio-setup").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getEnv().stream().filter(e -> e.getName().equals("NOTIFY_TOPIC")).findFirst()
                .map(EnvVar::getValue).orElseThrow();
        assertEquals(Set.of(Topics.REQUESTS, Topics.EVENTS, Topics.REQUESTS_DEAD_LETTER, Topics.REQUESTS_BULK,
                Topics.REQUESTS_BULK_DEAD_LETTER, Topics.BATCHES, Topics.BATCHES_DEAD_LETTER, Topics.TRAINING,
                Topics.TRAINING_DEAD_LETTER, Topics.IMPORTS, Topics.IMPORTS_DEAD_LETTER, notifications,
                Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER), topics);
        assertEquals(Topics.STORAGE_NOTIFICATIONS, notifications, "MinIO announces on the topic the api reads");
        assertEquals(Topics.REQUESTS, topicName(m.custom("KafkaTopic", REQUESTS_TOPIC_RESOURCE)));
        for (GenericKubernetesResource topic : m.customs("KafkaTopic")) {
            Map<String, Object> spec = spec(topic);
            int replicas = (Integer) spec.get("replicas");
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) spec.get("config");
            assertTrue(replicas >= 3, topicName(topic));
            // acks=all with fewer than 2 in-sync replicas would confirm a request held by one disk only.
            assertEquals(2, config.get("min.insync.replicas"), topicName(topic));
            assertTrue(((Number) config.get("retention.ms")).longValue() >= 24L * 3600 * 1000, topicName(topic));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void topicsAndNodesBelongToTheKafkaClusterWhoseBootstrapTheServicesUse(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        GenericKubernetesResource kafka = m.customs("Kafka").get(0);
        String cluster = kafka.getMetadata().getName();
        for (String kind : List.of("KafkaTopic", "KafkaNodePool")) {
            for (GenericKubernetesResource r : m.customs(kind)) {
                assertEquals(cluster, r.getMetadata().getLabels().get("strimzi.io/cluster"),
                        kind + " " + r.getMetadata().getName());
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>)
                ((Map<String, Object>) spec(kafka).get("kafka")).get("listeners");
        Map<String, Object> plain = listeners.stream().filter(l -> "internal".equals(l.get("type")))
                .findFirst().orElseThrow();
        String namespace = m.all(Namespace.class).get(0).getMetadata().getName();
        // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap; fully qualified so KEDA resolves it.
        assertEquals(cluster + "-kafka-bootstrap." + namespace + ".svc:" + plain.get("port"),
                m.get(ConfigMap.class, "revive-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) spec(kafka).get("kafka")).get("config");
        assertEquals(false, config.get("auto.create.topics.enable"));
        int brokers = m.customs("KafkaNodePool").stream().mapToInt(p -> (Integer) spec(p).get("replicas")).sum();
        assertTrue(brokers >= 3, "three nodes for replication factor 3 with min.insync.replicas 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void kedaWatchesTheWorkersRealConsumerGroupOnTheRequestTopic(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        GenericKubernetesResource scaledObject = m.custom("ScaledObject", "worker-service");
        Map<String, Object> spec = spec(scaledObject);
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) spec.get("scaleTargetRef");
        Deployment worker = m.get(Deployment.class, (String) target.get("name"));
        assertEquals("worker-service", worker.getMetadata().getName());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
        assertEquals(2, triggers.size(), "the interactive and the bulk lane");
        assertEquals("kafka", triggers.get(0).get("type"));
        assertEquals("kafka", triggers.get(1).get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> bulk = (Map<String, Object>) triggers.get(1).get("metadata");
        assertEquals(Manifests.applicationProperties("worker-service")
                .getProperty("mp.messaging.incoming.bulk.group.id"), bulk.get("consumerGroup"));
        assertEquals(Topics.REQUESTS_BULK, bulk.get("topic"));
        @SuppressWarnings("unchecked")
        Map<String, Object> kafka = (Map<String, Object>) triggers.get(0).get("metadata");

        String group = Manifests.applicationProperties("worker-service")
                .getProperty("mp.messaging.incoming.requests.group.id");
        assertEquals("revive-workers", group);
        assertEquals(group, kafka.get("consumerGroup"));
        assertEquals(Topics.REQUESTS, kafka.get("topic"));
        assertEquals(m.get(ConfigMap.class, "revive-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"),
                kafka.get("bootstrapServers"));
        assertEquals(kafka.get("bootstrapServers"), bulk.get("bootstrapServers"));
        assertEquals(Manifests.applicationProperties("worker-service")
                .getProperty("mp.messaging.incoming.requests.auto.offset.reset"), kafka.get("offsetResetPolicy"));
        // KEDA's metadata values are strings. A job takes minutes: one or two queued jobs justify a worker.
        int lag = Integer.parseInt((String) kafka.get("lagThreshold"));
        assertTrue(lag >= 1 && lag <= 2, "lagThreshold " + lag);

        // Nothing in the Deployment moves the workers to another group or topic behind KEDA's back.
        for (EnvVar env : container(worker).getEnv()) {
            assertFalse(env.getName().startsWith("MP_MESSAGING_INCOMING_REQUESTS"), env.getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void theWorkerCeilingIsTheRequestTopicsPartitionCount(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Map<String, Object> spec = spec(m.custom("ScaledObject", "worker-service"));
        int partitions = (Integer) spec(m.custom("KafkaTopic", REQUESTS_TOPIC_RESOURCE)).get("partitions");
        assertTrue(partitions >= 2, "partitions " + partitions);
        assertEquals(partitions, spec.get("maxReplicaCount"));
        int min = (Integer) spec.get("minReplicaCount");
        assertEquals(overlay.equals("gpu") ? 0 : 1, min, "no idle GPU; one warm CPU worker");
    }

    static String topicName(GenericKubernetesResource topic) {
        Object name = spec(topic).get("topicName");
        return name != null ? (String) name : topic.getMetadata().getName();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }
}
