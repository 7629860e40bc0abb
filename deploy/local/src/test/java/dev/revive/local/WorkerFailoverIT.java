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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that go away mid-job, for real: one stopped with SIGTERM (scale-in), one killed with SIGKILL (a
 * crash). Each time the job is finished by another worker and, as seen from outside, exactly once: one
 * final event, one result, a record that agrees with both.
 */
class WorkerFailoverIT {
    static final int ITERATIONS = 300;
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

        List<JobEvent> finals = events(id).stream().filter(e -> e.status().isTerminal()).toList();
        assertEquals(1, finals.size(), "one final event: " + finals);
        assertNotEquals(gone.id(), finals.get(0).workerId(), "finished by another worker");

        byte[] result = client.result(id);
        assertEquals(job.at("/result/sha256").asText(), Hashes.sha256(result));
        assertEquals(finals.get(0).result().sha256(), Hashes.sha256(result));
    }

    static List<JobEvent> events(String id) {
        return events.readAll(Topics.EVENTS).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), JobEvent.class)).toList();
    }
}
