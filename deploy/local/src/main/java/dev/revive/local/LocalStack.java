package dev.revive.local;

import dev.revive.local.infra.ChildProcess;
import dev.revive.local.infra.FreePorts;
import dev.revive.local.infra.LocalKafka;
import dev.revive.local.infra.LocalS3;
import dev.revive.model.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on one machine: a real Kafka broker, a real S3 server, the api and the worker, each its
 * own process, wired together as a user would configure them. Closing it stops everything, newest first.
 */
public final class LocalStack implements AutoCloseable {
    /** Four request partitions: up to four workers can share the work on this machine. */
    static final Map<String, Integer> TOPICS = Map.ofEntries(
            Map.entry(Topics.REQUESTS, 4), Map.entry(Topics.EVENTS, 4), Map.entry(Topics.REQUESTS_DEAD_LETTER, 1),
            Map.entry(Topics.REQUESTS_BULK, 4), Map.entry(Topics.REQUESTS_BULK_DEAD_LETTER, 1),
            Map.entry(Topics.BATCHES, 1), Map.entry(Topics.BATCHES_DEAD_LETTER, 1),
            Map.entry(Topics.TRAINING, 4), Map.entry(Topics.TRAINING_DEAD_LETTER, 1),
            Map.entry(Topics.STORAGE_NOTIFICATIONS, 1), Map.entry(Topics.STORAGE_NOTIFICATIONS_DEAD_LETTER, 1),
            Map.entry(Topics.IMPORTS, 1), Map.entry(Topics.IMPORTS_DEAD_LETTER, 1));
    private static final Duration SERVICE_START = Duration.ofMinutes(3);
    private static final Duration SERVICE_STOP = Duration.ofSeconds(30);

    /**
     * @param dataDir    broker log, store files and service logs
     * @param apiPort    0 picks a free port
     * @param workers    how many worker processes to start
     * @param workerJvm  extra JVM options of each worker (e.g. -D overrides)
     * @param apiJvm     extra JVM options of the api (e.g. -Drevive.api.keys.NAME=DIGEST)
     */
    public record Settings(Path dataDir, int apiPort, int workers, List<String> workerJvm, List<String> apiJvm) {
        public Settings(Path dataDir, int apiPort, int workers, List<String> workerJvm) {
            this(dataDir, apiPort, workers, workerJvm, List.of());
        }
    }

    /** A worker process; {@code id} is the worker id it puts on its events. */
    public record Worker(String id, ChildProcess process, URI http) {
    }

    private final List<Object> started = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private final Settings settings;
    private final ServiceJars jars;
    private final LocalKafka kafka;
    private final LocalS3 s3;
    private final URI api;

    private LocalStack(Settings settings, ServiceJars jars, Consumer<String> say) {
        this.settings = settings;
        this.jars = jars;
        try {
            say.accept("starting Kafka (KRaft) and S3Proxy in " + settings.dataDir());
            s3 = remember(LocalS3.start(settings.dataDir().resolve("s3")));
            kafka = remember(LocalKafka.start(settings.dataDir().resolve("kafka"), 0));
            kafka.createTopics(TOPICS);
            say.accept("Kafka at " + kafka.bootstrapServers() + ", S3 at " + s3.endpoint());

            int apiPort = FreePorts.orPick(settings.apiPort());
            api = URI.create("http://localhost:" + apiPort);
            List<String> apiJvm = new ArrayList<>(List.of("-Xmx256m"));
            apiJvm.addAll(settings.apiJvm());
            ChildProcess apiProcess = service("api-service", jars.api(), apiPort, apiJvm, settings.dataDir());
            List<Worker> starting = new ArrayList<>();
            for (int i = 0; i < settings.workers(); i++) {
                starting.add(launchWorker());
            }
            say.accept("waiting for the api (" + api + ") and " + settings.workers() + " worker(s)");
            apiProcess.awaitReady(SERVICE_START, new ReviveClient(api)::ready);
            starting.forEach(LocalStack::awaitReady);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static LocalStack start(Settings settings, Consumer<String> say) {
        return new LocalStack(settings, ServiceJars.inCheckout(Path.of("")), say);
    }

    public URI api() {
        return api;
    }

    /** The workers started so far, in start order, including any that were stopped or killed since. */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Starts one more worker and returns once it is ready: scaling out, or replacing one that died. */
    public Worker addWorker() {
        Worker worker = launchWorker();
        awaitReady(worker);
        return worker;
    }

    private Worker launchWorker() {
        String id = "local-worker-" + (workers.size() + 1);
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-Drevive.worker.id=" + id));
        jvm.addAll(settings.workerJvm());
        int port = FreePorts.pick();
        Worker worker = new Worker(id, service(id, jars.worker(), port, jvm, settings.dataDir()),
                URI.create("http://localhost:" + port));
        workers.add(worker);
        return worker;
    }

    private static void awaitReady(Worker worker) {
        worker.process().awaitReady(SERVICE_START, new ReviveClient(worker.http())::ready);
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalS3 s3() {
        return s3;
    }

    private ChildProcess service(String name, Path jar, int httpPort, List<String> jvmOptions, Path dataDir) {
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.addAll(List.of(
                "-Dquarkus.http.port=" + httpPort,
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Drevive.storage.endpoint=" + s3.endpoint(),
                "-Drevive.storage.access-key=" + s3.accessKey(),
                "-Drevive.storage.secret-key=" + s3.secretKey()));
        return remember(ChildProcess.startJar(name, jar, jvm, dataDir.resolve("logs").resolve(name + ".log")));
    }

    private <T> T remember(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void close() {
        List<Object> newestFirst = new ArrayList<>(started);
        Collections.reverse(newestFirst);
        for (Object resource : newestFirst) {
            try {
                if (resource instanceof ChildProcess child) {
                    child.stop(SERVICE_STOP);
                } else if (resource instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
    }
}
