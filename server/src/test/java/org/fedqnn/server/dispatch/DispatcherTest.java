package org.fedqnn.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedqnn.server.Parts;
import org.fedqnn.server.Round;
import org.junit.jupiter.api.Test;

/** Long polls, tasks and the end of a run, without gRPC. */
class DispatcherTest {

    private final Object lock = new Object();

    @Test
    void aWaitingPollGetsItsTaskWhenTheRoundOpensAndOthersStayWaiting() throws Exception {
        try (Dispatcher d = new Dispatcher(lock, 3, 60_000, Parts.layout().taskTensors())) {
            CompletableFuture<Poll> selected = d.poll(1, "s1", -1, null, null);
            CompletableFuture<Poll> other = d.poll(0, "s0", -1, null, null);
            assertFalse(selected.isDone());
            Round r = Parts.round(4, 3, 1, 2);
            d.open(r);
            Task t = assertInstanceOf(Poll.Assigned.class, selected.get(5, TimeUnit.SECONDS)).task();
            assertEquals(4, t.round());
            assertEquals(2, t.selectedCount());
            assertEquals(r.plan().instruction(1).updateTensors(), t.updateTensors());
            assertEquals("s1", r.sentSession(1));
            assertFalse(other.isDone(), "device 0 is not selected");
            assertNull(r.sentSession(2), "device 2 has not polled yet");
            Task late = assertInstanceOf(Poll.Assigned.class, d.poll(2, "s2", -1, r, null).get()).task();
            assertTrue(late.deadlineMillis() > 0 && late.deadlineMillis() <= 10_000);
            assertFalse(d.poll(2, "s2", 4, r, null).isDone(), "a session that has round 4's task waits for the next");
        }
    }

    @Test
    void aPollIsAnsweredIdleAfterItsWindowOrWhenItsDeviceRegistersAgain() throws Exception {
        try (Dispatcher d = new Dispatcher(lock, 2, 50, Parts.layout().taskTensors())) {
            assertInstanceOf(Poll.Idle.class, d.poll(0, "s", -1, null, null).get(5, TimeUnit.SECONDS));
        }
        try (Dispatcher d = new Dispatcher(lock, 2, 60_000, Parts.layout().taskTensors())) {
            CompletableFuture<Poll> p = d.poll(0, "old", -1, null, null);
            CompletableFuture<Poll> stale = d.removePoll(0);
            assertEquals(p, stale);
            assertNull(d.removePoll(0));
        }
    }

    @Test
    void theEndAnswersEveryPollAndIsRememberedPerDevice() throws Exception {
        try (Dispatcher d = new Dispatcher(lock, 2, 60_000, Parts.layout().taskTensors())) {
            CompletableFuture<Poll> waiting = d.poll(0, "s0", -1, null, null);
            assertFalse(d.awaitTold(2, 10));
            d.end("maximum rounds (1)");
            assertEquals("maximum rounds (1)",
                    assertInstanceOf(Poll.Ended.class, waiting.get(5, TimeUnit.SECONDS)).reason());
            assertFalse(d.awaitTold(2, 10), "device 1 has not heard yet");
            assertInstanceOf(Poll.Ended.class, d.poll(1, "s1", -1, null, "maximum rounds (1)").get());
            assertTrue(d.awaitTold(2, 10));
        }
    }
}
