package dev.revive.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.TopicReader;
import dev.revive.model.JobEvent;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Topics;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Does throughput grow with workers? Runs the real api, broker, store and k worker processes with the
 * simulated engine (a fixed cost per job, so only the system around the engine is measured), submits the
 * same workload for each k, and prints jobs per second over the workers' makespan (first start to last end),
 * the speed-up over one worker and how the jobs spread.
 * Then it adds a worker in the middle of a run and reports how soon it takes work.
 */
public final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>(List.of(1, 2, 4));
        int jobsPerWorker = 6;
        int iterations = 100;
        String stepTime = "20ms";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workers" -> {
                    counts.clear();
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        counts.add(Integer.parseInt(args[++i]));
                    }
                }
                case "--jobs-per-worker" -> jobsPerWorker = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--step-time" -> stepTime = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int jobs = jobsPerWorker * counts.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.out.printf("workload: %d jobs of %d iterations x %s (simulated engine), partitions=%d%n", jobs,
                iterations, stepTime, LocalStack.TOPICS.get(Topics.REQUESTS));
        double base = 0;
        for (int k : counts) {
            Run run = run(k, jobs, iterations, stepTime, false);
            base = base == 0 ? run.jobsPerSecond / k : base;
            System.out.printf("workers=%d jobs=%d makespan_s=%.2f jobs_per_s=%.3f speedup=%.2f efficiency=%.2f "
                    + "submit_s=%.2f per_worker=%s%n", k, jobs, run.seconds, run.jobsPerSecond,
                    run.jobsPerSecond / base, run.jobsPerSecond / (base * k), run.submitSeconds, run.perWorker);
        }
        Run join = run(1, jobs, iterations, stepTime, true);
        System.out.printf("join: a worker added mid-run took its first job %.2f s after it was ready; "
                + "per_worker=%s%n", join.joinSeconds, join.perWorker);
        System.exit(0);
    }

    /**
     * @param seconds       from the first job's start to the last job's end: the workers' makespan
     * @param submitSeconds how long the submissions took over HTTP, one after another
     */
    private record Run(double seconds, double jobsPerSecond, double submitSeconds, Map<String, Long> perWorker,
            double joinSeconds) {
    }

    private static Run run(int workers, int jobs, int iterations, String stepTime, boolean joinMidRun)
            throws Exception {
        Path data = Files.createTempDirectory("revive-scaling-");
        List<String> jvm = List.of("-Drevive.worker.engine=simulated",
                "-Drevive.worker.simulated-step-time=" + stepTime);
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(data, 0, workers, jvm), line -> { });
                TopicReader events = new TopicReader(stack.kafka().bootstrapServers())) {
            ReviveClient client = new ReviveClient(stack.api());
            byte[] image = ImageCodec.encodePng(new Image(16, 16, 3, new float[16 * 16 * 3]), null, 8);
            String options = "{\"iterations\": " + iterations + ", \"progressEvery\": " + iterations + "}";
            long start = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ids.add(client.submit(image, "tile.png", "denoise", options).get("id").asText());
            }
            double joinSeconds = Double.NaN;
            if (joinMidRun) {
                Thread.sleep(2000);
                LocalStack.Worker added = stack.addWorker();
                Instant ready = Instant.now();
                joinSeconds = awaitFirstJob(events, added.id(), ready);
            }
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            Instant firstStart = Instant.MAX;
            Instant lastFinish = Instant.MIN;
            for (String id : ids) {
                JsonNode job = client.awaitFinal(id, Duration.ofMinutes(10));
                if (!"succeeded".equals(job.get("status").asText())) {
                    throw new IllegalStateException("job " + id + " ended " + job);
                }
                Instant started = Instant.parse(job.get("startedAt").asText());
                Instant finished = Instant.parse(job.get("finishedAt").asText());
                firstStart = started.isBefore(firstStart) ? started : firstStart;
                lastFinish = finished.isAfter(lastFinish) ? finished : lastFinish;
            }
            double seconds = Duration.between(firstStart, lastFinish).toMillis() / 1000.0;
            Map<String, Long> perWorker = finals(events, ids).stream()
                    .collect(Collectors.groupingBy(JobEvent::workerId, TreeMap::new, Collectors.counting()));
            return new Run(seconds, jobs / seconds, submitSeconds, perWorker, joinSeconds);
        }
    }

    private static double awaitFirstJob(TopicReader events, String workerId, Instant ready)
            throws InterruptedException {
        while (true) {
            for (var record : events.readAll(Topics.EVENTS)) {
                JobEvent event = Json.read(record.value(), JobEvent.class);
                if (workerId.equals(event.workerId()) && event.status() == JobStatus.RUNNING) {
                    return Duration.between(ready, event.time()).toMillis() / 1000.0;
                }
            }
            Thread.sleep(200);
        }
    }

    private static List<JobEvent> finals(TopicReader events, List<String> ids) {
        return events.readAll(Topics.EVENTS).stream().filter(r -> ids.contains(r.key()))
                .map(r -> Json.read(r.value(), JobEvent.class)).filter(e -> e.status().isTerminal()).toList();
    }
}
