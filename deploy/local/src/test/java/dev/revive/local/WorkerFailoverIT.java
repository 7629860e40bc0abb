package dev.revive.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.TopicReader;
import dev.revive.model.Hashes;
import dev.revive.model.JobEvent;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import dev.revive.model.Topics;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Noise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that go away mid-job, for real: one stopped with SIGTERM (scale-in), one killed with SIGKILL (a
 * crash), and a soak of random kills over a batch. Each time the job is finished by another worker and, as seen
 * from outside, exactly once: one final event, one result, a record that agrees with both.
 */
class WorkerFailoverIT {
    static final int ITERATIONS = 300;
    static final int SOAK_JOBS = 10;
    static final int SOAK_ITERATIONS = 100;
    static final int SOAK_KILLS = 4;
    static final long SOAK_SEED = 20261202L;
    /** How long a final record's event may trail it on a loaded machine. */
    static final Duration FINAL_EVENT_PATIENCE = Duration.ofSeconds(60);
    /** Quick failure detection, so the test does not wait for Kafka's default 45 s session timeout. */
    static final List<String> FAST_FAILOVER = List.of(
            "-Dmp.messaging.incoming.requests.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.requests.heartbeat.interval.ms=1500");

    @TempDir
    static Path data;
    static LocalStack stack;
    static ReviveClient client;
    static TopicReader events;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Settings(data, 0, 2, FAST_FAILOVER), System.out::println);
        client = new ReviveClient(stack.api());
        events = new TopicReader(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStoppedWorkerHandsItsJobBackAndAKilledOneLosesNothing() throws Exception {
        String handedBack = submit();
        LocalStack.Worker first = awaitRunning(handedBack);
        long stopStart = System.nanoTime();
        first.process().stop(Duration.ofSeconds(60));
        double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
        System.out.printf("failover: SIGTERM took %.1f s to stop %s%n", stopSeconds, first.id());
        assertTrue(stopSeconds < 20, "a stopping worker hands its job back instead of finishing it: " + stopSeconds);
        assertFinishedOnceElsewhere(handedBack, first);

        stack.addWorker();
        String crashed = submit();
        LocalStack.Worker victim = awaitRunning(crashed);
        victim.process().kill();
        assertFinishedOnceElsewhere(crashed, victim);
    }

    /**
     * The soak: a batch of small jobs while workers are killed with SIGKILL at random moments and replaced, and
     * then the count. Every job must succeed, each with exactly one final event and a result that matches it.
     */
    @Test
    void manyJobsOutliveRepeatedRandomKills() throws Exception {
        Random random = new Random(SOAK_SEED);
        while (stack.workers().stream().filter(w -> w.process().isAlive()).count() < 2) {
            stack.addWorker();
        }
        Image clean = EndToEndIT.cleanPhoto();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SOAK_JOBS; i++) {
            byte[] noisy = ImageCodec.encodePng(Noise.addGaussian(clean, 25.0 / 255, i), null, 8);
            ids.add(client.submit(noisy, "soak-" + i + ".png", "denoise",
                    "{\"iterations\": " + SOAK_ITERATIONS + ", \"progressEvery\": 10, \"stop\": \"fixed\"}")
                    .get("id").asText());
        }
        int kills = 0;
        while (kills < SOAK_KILLS && !allFinal(ids)) {
            Thread.sleep(2_000 + random.nextInt(6_000));
            List<LocalStack.Worker> alive = stack.workers().stream().filter(w -> w.process().isAlive()).toList();
            Set<String> busy = busyWorkers(ids);
            List<LocalStack.Worker> running = alive.stream().filter(w -> busy.contains(w.id())).toList();
            List<LocalStack.Worker> candidates = running.isEmpty() ? alive : running;
            LocalStack.Worker victim = candidates.get(random.nextInt(candidates.size()));
            victim.process().kill();
            kills++;
            System.out.printf("soak: killed %s%s (%d of %d)%n", victim.id(), running.isEmpty() ? ", idle" : "",
                    kills, SOAK_KILLS);
            stack.addWorker();
        }

        int lost = 0;
        int duplicated = 0;
        int redone = 0;
        int announcedAgain = 0;
        for (String id : ids) {
            JsonNode job = client.awaitFinal(id, EndToEndIT.PATIENCE);
            List<JobEvent> finals = finalEvents(id);
            if (!"succeeded".equals(job.get("status").asText()) || finals.isEmpty()) {
                lost++;
                continue;
            }
            duplicated += new HashSet<>(finals).size() - 1;
            announcedAgain += finals.size() - new HashSet<>(finals).size();
            redone += job.get("attempts").asInt() > 1 ? 1 : 0;
            assertEquals(job.at("/result/sha256").asText(), Hashes.sha256(client.result(id)), id);
            assertEquals(finals.get(0).result().sha256(), job.at("/result/sha256").asText(), id);
        }
        System.out.printf("soak: %d jobs, %d kills, %d redone after a kill, %d lost, %d duplicated, %d final events"
                + " announced again unchanged%n", ids.size(), kills, redone, lost, duplicated, announcedAgain);
        assertEquals(SOAK_KILLS, kills, "every kill landed while jobs were still running");
        assertEquals(0, lost, "lost jobs");
        assertEquals(0, duplicated, "final events that differ: a job finished twice");
        assertTrue(redone >= 1, "at least one kill caught a job mid-run");
    }

    /** The workers that have a job in hand right now, going by the last event of each unfinished job. */
    static Set<String> busyWorkers(List<String> ids) {
        Map<String, JobEvent> last = new HashMap<>();
        events.readAll(Topics.EVENTS).stream().filter(r -> ids.contains(r.key()))
                .forEach(r -> last.put(r.key(), Json.read(r.value(), JobEvent.class)));
        return last.values().stream().filter(e -> e.status() == JobStatus.RUNNING).map(JobEvent::workerId)
                .collect(Collectors.toSet());
    }

    static boolean allFinal(List<String> ids) {
        return ids.stream().allMatch(id -> JobStatus.fromWireName(client.job(id).get("status").asText())
                .isTerminal());
    }

    static String submit() throws Exception {
        Image clean = EndToEndIT.cleanPhoto();
        byte[] noisy = ImageCodec.encodePng(Noise.addGaussian(clean, 25.0 / 255, 3), null, 8);
        return client.submit(noisy, "noisy.png", "denoise",
                "{\"iterations\": " + ITERATIONS + ", \"progressEvery\": 10}").get("id").asText();
    }

    /** Waits until a worker is a few iterations into the job, and returns that worker. */
    static LocalStack.Worker awaitRunning(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (JobEvent event : events(id)) {
                if (event.status() == JobStatus.RUNNING && event.progress().iteration() >= 20) {
                    return stack.workers().stream().filter(w -> w.id().equals(event.workerId())).findFirst()
                            .orElseThrow();
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("job " + id + " never got going");
    }

    static void assertFinishedOnceElsewhere(String id, LocalStack.Worker gone) throws InterruptedException {
        JsonNode job = client.awaitFinal(id, EndToEndIT.PATIENCE);
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        assertEquals(2, job.get("attempts").asInt(), "redone once after the worker left");

        List<JobEvent> finals = finalEvents(id);
        assertEquals(1, finals.size(), "one final event: " + finals);
        assertNotEquals(gone.id(), finals.get(0).workerId(), "finished by another worker");

        byte[] result = client.result(id);
        assertEquals(job.at("/result/sha256").asText(), Hashes.sha256(result));
        assertEquals(finals.get(0).result().sha256(), Hashes.sha256(result));
    }

    /**
     * The job's final events, once there is one: the worker writes the final record before it publishes the event,
     * so a record seen final may still have its event on the way. Empty if none came within the patience.
     */
    static List<JobEvent> finalEvents(String id) throws InterruptedException {
        long deadline = System.nanoTime() + FINAL_EVENT_PATIENCE.toNanos();
        List<JobEvent> finals = List.of();
        while (finals.isEmpty() && System.nanoTime() < deadline) {
            finals = events(id).stream().filter(e -> e.status().isTerminal()).toList();
            if (finals.isEmpty()) {
                Thread.sleep(250);
            }
        }
        return finals;
    }

    static List<JobEvent> events(String id) {
        return events.readAll(Topics.EVENTS).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), JobEvent.class)).toList();
    }
}
