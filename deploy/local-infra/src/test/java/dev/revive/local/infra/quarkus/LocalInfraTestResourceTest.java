package dev.revive.local.infra.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import dev.revive.local.infra.LocalKafka;
import dev.revive.local.infra.LocalS3;

/** Drives the lifecycle the way Quarkus' test resource manager does, without booting an application. */
class LocalInfraTestResourceTest {

    @InjectLocalInfra
    LocalKafka kafka;

    @InjectLocalInfra
    LocalS3 s3;

    @Test
    void startsBothServersCreatesTopicsAndHandsThemToTests() throws Exception {
        LocalInfraTestResource resource = new LocalInfraTestResource();
        resource.init(Map.of(LocalInfraTestResource.TOPICS_ARG, "revive.restoration.requests:2,revive.restoration.events:1"));
        Map<String, String> config = resource.start();
        try {
            resource.inject((Object value, Predicate<Field> predicate) -> injectInto(this, value, predicate));
            assertSame(LocalInfraTestResource.kafka(), kafka);
            assertSame(LocalInfraTestResource.s3(), s3);
            assertEquals(kafka.bootstrapServers(), config.get("kafka.bootstrap.servers"));
            assertEquals(s3.endpoint(), config.get("revive.storage.endpoint"));
            assertEquals(LocalS3.DEV_ACCESS_KEY, config.get("revive.storage.access-key"));
            assertEquals(LocalS3.DEV_SECRET_KEY, config.get("revive.storage.secret-key"));

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                assertTrue(topics.containsAll(Set.of("revive.restoration.requests", "revive.restoration.events")), topics::toString);
                assertEquals(2, admin.describeTopics(Set.of("revive.restoration.requests")).allTopicNames().get()
                        .get("revive.restoration.requests").partitions().size());
            }
            HttpURLConnection unsigned = (HttpURLConnection) URI.create(s3.endpoint() + "/").toURL().openConnection();
            assertEquals(403, unsigned.getResponseCode());
        } finally {
            resource.stop();
        }
        assertThrows(IllegalStateException.class, LocalInfraTestResource::kafka);
        assertTrue(!kafka.isRunning() && !s3.isRunning());
    }

    @Test
    void parsesTopicSpecs() {
        assertEquals(Map.of("revive.restoration.requests", 2, "revive.restoration.events", 1, "plain", 1),
                LocalInfraTestResource.parseTopics(" revive.restoration.requests:2, revive.restoration.events:1,plain,"));
        assertEquals(Map.of(), LocalInfraTestResource.parseTopics(""));
    }

    private static void injectInto(Object test, Object value, Predicate<Field> predicate) {
        for (Field field : test.getClass().getDeclaredFields()) {
            if (predicate.test(field)) {
                try {
                    field.setAccessible(true);
                    field.set(test, value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
