package dev.revive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRecordTest {
    static final Instant T0 = ContractSchemaTest.T0;

    @Test
    void eachDeliveryCountsAsAnAttempt() {
        JobRecord running = JobRecord.queued(ContractSchemaTest.sampleRequest()).started(T0, "worker-1");
        assertEquals(1, running.attempts());
        JobRecord again = running.started(T0.plusSeconds(9), "worker-2");
        assertEquals(2, again.attempts());
        assertEquals("worker-2", again.worker(), "the worker that ran it last");
        assertEquals("worker-2", again.succeeded(ContractSchemaTest.sampleResult(), T0.plusSeconds(20)).worker());
        assertEquals(RestorationOptions.defaultsFor(Task.DENOISE).iterations(), running.progress().totalIterations());
    }

    @Test
    void terminalStatesAreFinal() {
        JobRecord done = JobRecord.queued(ContractSchemaTest.sampleRequest()).started(T0, "worker-1")
                .succeeded(ContractSchemaTest.sampleResult(), T0);
        assertThrows(IllegalStateException.class, () -> done.started(T0, "worker-1"));
        assertThrows(IllegalStateException.class, () -> done.failed(JobError.of(ErrorCode.ENGINE_FAILURE, "x"), T0));
        assertThrows(IllegalStateException.class, () -> done.succeeded(ContractSchemaTest.sampleResult(), T0));
        assertEquals(ContractSchemaTest.sampleResult().iterations(), done.progress().iteration());
    }

    @Test
    void theOwnerStaysThroughEveryChange() {
        JobRecord queued = JobRecord.queued(ContractSchemaTest.sampleRequest().withOwner("alice"));
        JobRecord running = queued.started(T0, "worker-1").progressed(new Progress(5, 10, 0.1, null, null), T0);
        assertEquals("alice", running.owner());
        assertEquals("alice", running.succeeded(ContractSchemaTest.sampleResult(), T0).owner());
        assertEquals("alice", running.failed(JobError.of(ErrorCode.ENGINE_FAILURE, "x"), T0).owner());
        assertEquals("alice", running.started(T0, "worker-1").owner());
    }

    @Test
    void eventIdsAreStableForStateChangesAndDistinctForProgress() {
        JobRecord running = JobRecord.queued(ContractSchemaTest.sampleRequest()).started(T0, "worker-1");
        JobRecord at25 = running.progressed(new Progress(25, 1800, 0.1, null, null), T0);
        JobRecord at50 = running.progressed(new Progress(50, 1800, 0.1, null, null), T0);
        assertEquals(JobEvent.of(at25, "a", T0).eventId(), JobEvent.of(at25, "b", T0.plusSeconds(1)).eventId());
        assertEquals(false, JobEvent.of(at25, "a", T0).eventId().equals(JobEvent.of(at50, "a", T0).eventId()));
        JobRecord done = at50.succeeded(ContractSchemaTest.sampleResult(), T0);
        assertEquals(done.jobId() + ":succeeded", JobEvent.of(done, "a", T0).eventId());
    }
}
