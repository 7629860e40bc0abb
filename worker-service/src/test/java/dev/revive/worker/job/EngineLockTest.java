package dev.revive.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revive.model.Lane;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineLockTest {
    private final EngineLock lock = new EngineLock();
    /** Two threads of its own: the common pool may have one on a 2-core machine, which would serialise anything. */
    private final ExecutorService consumers = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopConsumers() {
        consumers.shutdownNow();
    }

    @Test
    void twoJobsNeverRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable job = () -> lock.exclusively("job", () -> false, () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(200);
            running.decrementAndGet();
            return null;
        });
        CompletableFuture<Void> restoration = CompletableFuture.runAsync(job, consumers);
        CompletableFuture<Void> training = CompletableFuture.runAsync(job, consumers);
        CompletableFuture.allOf(restoration, training).get(10, TimeUnit.SECONDS);
        assertEquals(1, most.get(), "jobs at once");
    }

    @Test
    void aWaitingJobIsHandedBackWhenTheWorkerStops() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> lock.exclusively("first", () -> false, () -> {
            holding.countDown();
            await(release);
            return null;
        }), consumers);
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> lock.exclusively("second", stopping::get,
                () -> ran.getAndSet(true)), consumers);
        sleep(300);
        stopping.set(true);
        Exception handedBack = assertThrows(Exception.class, () -> second.get(5, TimeUnit.SECONDS));
        assertTrue(handedBack.getCause() instanceof WorkerStoppingException, handedBack.toString());
        assertTrue(!ran.get(), "a job handed back never starts");
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anInteractiveJobWaitingGoesBeforeABulkJobThatWaitedLonger() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> lock.exclusively("bulk-1", Lane.BULK,
                () -> false, () -> {
                    holding.countDown();
                    await(release);
                    return null;
                }), consumers);
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> bulk = CompletableFuture.runAsync(() -> lock.exclusively("bulk-2", Lane.BULK,
                () -> false, () -> order.add("bulk")), consumers);
        sleep(300);
        CompletableFuture<Void> interactive = CompletableFuture.runAsync(() -> lock.exclusively("person",
                () -> false, () -> order.add("interactive")), consumers);
        sleep(300);
        release.countDown();
        CompletableFuture.allOf(running, bulk, interactive).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("interactive", "bulk"), order);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
