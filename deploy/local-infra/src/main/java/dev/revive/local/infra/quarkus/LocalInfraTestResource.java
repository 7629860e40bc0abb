package dev.revive.local.infra.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.revive.local.infra.LocalKafka;
import dev.revive.local.infra.LocalS3;
import dev.revive.local.infra.ScratchDirectories;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real Kafka broker and a real S3 server for a Quarkus test run, in a fresh temporary directory.
 * <p>
 * Use with {@code @WithTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "topics",
 * value = "revive.restoration.requests:2,revive.restoration.events:1"))}. Tests reach the servers through
 * {@link #kafka()} and {@link #s3()}, or through fields annotated {@link InjectLocalInfra} of type
 * {@link LocalKafka} or {@link LocalS3}, e.g. to bounce the broker.
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: comma-separated {@code topic:partitions} (partitions default to 1). */
    public static final String TOPICS_ARG = "topics";

    private static volatile LocalKafka kafka;
    private static volatile LocalS3 s3;

    private Map<String, Integer> topics = Map.of();
    private Path root;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = parseTopics(initArgs.getOrDefault(TOPICS_ARG, ""));
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("revive-local-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // S3Proxy starts while the broker formats and boots; each waits mostly on its own JVM.
        CompletableFuture<LocalS3> store = CompletableFuture.supplyAsync(() -> LocalS3.start(root.resolve("s3")));
        try {
            kafka = LocalKafka.start(root.resolve("kafka"), 0);
            kafka.createTopics(topics);
            s3 = store.join();
        } catch (CompletionException e) {
            stop();
            throw new IllegalStateException("S3 server did not start", e.getCause());
        } catch (RuntimeException e) {
            store.thenAccept(LocalS3::close);
            stop();
            throw e;
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("revive.storage.endpoint", s3.endpoint());
        config.put("revive.storage.access-key", s3.accessKey());
        config.put("revive.storage.secret-key", s3.secretKey());
        return config;
    }

    @Override
    public void stop() {
        LocalKafka k = kafka;
        LocalS3 s = s3;
        kafka = null;
        s3 = null;
        if (k != null) {
            k.close();
        }
        if (s != null) {
            s.close();
        }
        ScratchDirectories.delete(root);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka, new TestInjector.AnnotatedAndMatchesType(InjectLocalInfra.class, LocalKafka.class));
        testInjector.injectIntoFields(s3, new TestInjector.AnnotatedAndMatchesType(InjectLocalInfra.class, LocalS3.class));
    }

    /** The broker of the running test resource. */
    public static LocalKafka kafka() {
        return running(kafka, "Kafka");
    }

    /** The S3 server of the running test resource. */
    public static LocalS3 s3() {
        return running(s3, "S3");
    }

    static Map<String, Integer> parseTopics(String spec) {
        Map<String, Integer> parsed = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                parsed.put(trimmed, 1);
            } else {
                parsed.put(trimmed.substring(0, colon).trim(), Integer.parseInt(trimmed.substring(colon + 1).trim()));
            }
        }
        return parsed;
    }

    private static <T> T running(T instance, String what) {
        if (instance == null) {
            throw new IllegalStateException(what + " is not running: is the test annotated with LocalInfraTestResource?");
        }
        return instance;
    }
}
