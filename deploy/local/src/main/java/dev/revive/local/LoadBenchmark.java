package dev.revive.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's own overhead, on the real api, broker and store: how many submissions by reference the
 * api accepts per second with {@code --clients} concurrent callers (and their latency), and how long an
 * accepted job waits before a free worker starts it, next to the store's own write rate, which bounds the first.
 * The worker runs the simulated engine.
 */
public final class LoadBenchmark {
    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = 16;
        Duration duration = Duration.ofSeconds(20);
        int startSamples = 200;
        int warmup = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--start-samples" -> startSamples = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path data = Files.createTempDirectory("revive-load-");
        List<String> jvm = List.of("-Drevive.worker.engine=simulated", "-Drevive.worker.simulated-step-time=1ms");
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(data, 0, 1, jvm), line -> { })) {
            ReviveClient client = new ReviveClient(stack.api());
            ObjectStore store = ObjectStore.connect(stack.s3().endpoint(), stack.s3().accessKey(),
                    stack.s3().secretKey(), "us-east-1", "revive");
            store.put("load/tile.png", ImageCodec.encodePng(new Image(16, 16, 3, new float[16 * 16 * 3]), null, 8),
                    "image/png");

            storeWrites(store, clients, duration);
            acceptedToRunning(client, warmup, startSamples);
            accepted(client, clients, duration);
        }
        System.exit(0);
    }

    /**
     * One job at a time against an idle worker: the delay from the api's 202 to the worker's start. The first
     * {@code warmup} jobs are reported apart: a fresh worker JVM's first job pays its class loading and JIT once,
     * which is a start-up cost (see the worker start-up table), not the steady delay a free worker adds.
     */
    private static void acceptedToRunning(ReviveClient client, int warmup, int samples) throws InterruptedException {
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < warmup; i++) {
            cold.add(startDelay(client));
        }
        if (!cold.isEmpty()) {
            System.out.printf("accepted_to_running_first_jobs count=%d ms=%s%n", cold.size(),
                    cold.stream().map(d -> String.format("%.1f", d)).toList());
        }
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            delays.add(startDelay(client));
        }
        System.out.printf("accepted_to_running samples=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", samples,
                percentile(delays, 50), percentile(delays, 99), Collections.max(delays));
    }

    private static double startDelay(ReviveClient client) throws InterruptedException {
        JsonNode accepted = client.submitReference("load/tile.png", "denoise", "{\"iterations\": 1}");
        JsonNode job = client.awaitFinal(accepted.get("id").asText(), Duration.ofMinutes(1));
        return Duration.between(Instant.parse(job.get("createdAt").asText()),
                Instant.parse(job.get("startedAt").asText())).toNanos() / 1e6;
    }

    /**
     * The store's own ceiling for the writes an acceptance cannot avoid: each accepted job costs at least two
     * writes (its input copy and its record) and a read, so the api cannot accept faster than half this rate.
     */
    private static void storeWrites(ObjectStore store, int clients, Duration duration) throws Exception {
        byte[] record = new byte[700];
        Arrays.fill(record, (byte) 'x');
        AtomicLong next = new AtomicLong();
        List<Double> latencies = closedLoop(clients, duration,
                () -> store.put("load/records/" + next.incrementAndGet() + ".json", record, "application/json"));
        report("store_put", clients, duration, latencies);
    }

    /** Closed loop: each client submits, waits for the 202, and submits again until the time is up. */
    private static void accepted(ReviveClient client, int clients, Duration duration) throws Exception {
        List<Double> latencies = closedLoop(clients, duration,
                () -> client.submitReference("load/tile.png", "denoise", "{\"iterations\": 1}"));
        report("accepted_by_reference", clients, duration, latencies);
    }

    /** Runs {@code call} from {@code clients} threads, each again as soon as it returns, and times every call. */
    private static List<Double> closedLoop(int clients, Duration duration, Runnable call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<List<Double>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                List<Double> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    call.run();
                    latencies.add((System.nanoTime() - t0) / 1e6);
                }
                return latencies;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        return all;
    }

    private static void report(String name, int clients, Duration duration, List<Double> latencies) {
        System.out.printf("%s clients=%d seconds=%d calls=%d per_s=%.1f p50_ms=%.1f p99_ms=%.1f%n", name, clients,
                duration.toSeconds(), latencies.size(), latencies.size() / (double) duration.toSeconds(),
                percentile(latencies, 50), percentile(latencies, 99));
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
