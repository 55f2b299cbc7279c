package org.fedqnn.server.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket per address, on a clock the test moves. */
class RegistrationThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anAddressGetsItsBurstThenTokensAtTheRate() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        RegistrationThrottle t = new RegistrationThrottle(3, 2.0, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(t.tryAcquire("10.0.0.1"), "burst " + i);
        }
        assertFalse(t.tryAcquire("10.0.0.1"));
        assertTrue(t.tryAcquire("10.0.0.2"), "another address has its own bucket");
        now.addAndGet(4 * SECOND / 10);
        assertFalse(t.tryAcquire("10.0.0.1"), "0.4 s at 2 per second: 0.8 of a token");
        now.addAndGet(2 * SECOND / 10);
        assertTrue(t.tryAcquire("10.0.0.1"), "0.6 s: 1.2 tokens");
        assertFalse(t.tryAcquire("10.0.0.1"), "0.2 left");
        now.addAndGet(100 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertTrue(t.tryAcquire("10.0.0.1"), "refilled to the burst, never beyond");
        }
        assertFalse(t.tryAcquire("10.0.0.1"));
    }

    @Test
    void atMostMaxPeersAreTrackedAndFullBucketsAreForgotten() {
        AtomicLong now = new AtomicLong();
        RegistrationThrottle t = new RegistrationThrottle(1, 1.0, now::get);
        for (int i = 0; i < RegistrationThrottle.MAX_PEERS; i++) {
            assertTrue(t.tryAcquire("peer" + i));
        }
        assertFalse(t.tryAcquire("one-more"), "every tracked bucket is spent: a new address waits too");
        assertEquals(RegistrationThrottle.MAX_PEERS, t.tracked());
        now.addAndGet(2 * SECOND);
        assertTrue(t.tryAcquire("one-more"), "refilled buckets are forgotten, making room");
        assertEquals(1, t.tracked());
    }

    @Test
    void aBucketNeedsABurstAndARate() {
        assertThrows(IllegalArgumentException.class, () -> new RegistrationThrottle(0, 1, System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationThrottle(1, 0, System::nanoTime));
        assertThrows(IllegalArgumentException.class,
                () -> new RegistrationThrottle(1, Double.POSITIVE_INFINITY, System::nanoTime));
    }
}
