package org.fedqnn.server.registry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedqnn.server.Refusal;
import org.junit.jupiter.api.Test;

/** Registration, sessions and re-registration, without gRPC. */
class DeviceRegistryTest {

    private static DeviceInfo device(String name) {
        return new DeviceInfo(name, "17", "linux", 2, 1 << 30, 1 << 22, "cpu", true);
    }

    @Test
    void namesGetIndicesInOrderUntilTheRunIsFull() {
        DeviceRegistry r = new DeviceRegistry("run", 2, new Object());
        Registration a = r.register(device("a"));
        Registration b = r.register(device("b"));
        assertEquals(0, a.deviceIndex());
        assertEquals(1, b.deviceIndex());
        assertEquals("run", a.runId());
        assertFalse(a.rejoined());
        assertEquals(List.of("a", "b"), r.names());
        Refusal full = assertThrows(Refusal.class, () -> r.register(device("c")));
        assertEquals(Refusal.Kind.RUN_STATE, full.kind());
        assertTrue(full.getMessage().contains("'c'"), full.getMessage());
    }

    @Test
    void aReturningNameKeepsItsIndexAndTheOldSessionIsRefused() {
        DeviceRegistry r = new DeviceRegistry("run", 2, new Object());
        Registration first = r.register(device("a"));
        r.register(device("b"));
        Registration again = r.register(device("a"));
        assertTrue(again.rejoined());
        assertEquals(first.deviceIndex(), again.deviceIndex());
        assertNotEquals(first.sessionId(), again.sessionId());
        assertDoesNotThrow(() -> r.checkSession(0, again.sessionId()));
        assertEquals(Refusal.Kind.PRECONDITION,
                assertThrows(Refusal.class, () -> r.checkSession(0, first.sessionId())).kind());
        assertEquals(Refusal.Kind.PRECONDITION, assertThrows(Refusal.class, () -> r.checkSession(2, "x")).kind());
        assertEquals(Refusal.Kind.PRECONDITION, assertThrows(Refusal.class, () -> r.checkSession(-1, "x")).kind());
    }

    @Test
    void aNameAndItsSessionsBelongToTheCredentialItRegisteredWith() {
        DeviceRegistry r = new DeviceRegistry("run", 2, new Object());
        Registration a = r.register(device("a"), "cert-a");
        Registration b = r.register(device("b"), "cert-b");
        Refusal taken = assertThrows(Refusal.class, () -> r.register(device("a"), "cert-x"));
        assertEquals(Refusal.Kind.IDENTITY, taken.kind());
        assertTrue(taken.getMessage().contains("cert-a") && taken.getMessage().contains("cert-x"), taken.getMessage());
        assertEquals(Refusal.Kind.IDENTITY, assertThrows(Refusal.class, () -> r.register(device("a"))).kind(),
                "nor from plaintext");
        assertDoesNotThrow(() -> r.checkSession(0, a.sessionId(), "cert-a"), "the refused calls changed nothing");
        assertEquals(Refusal.Kind.IDENTITY,
                assertThrows(Refusal.class, () -> r.checkSession(1, b.sessionId(), "cert-a")).kind(),
                "b's session from a's certificate");
        assertEquals(Refusal.Kind.IDENTITY,
                assertThrows(Refusal.class, () -> r.checkSession(1, b.sessionId())).kind());
        Registration again = r.register(device("a"), "cert-a");
        assertTrue(again.rejoined(), "the same certificate comes back");
        assertEquals(0, again.deviceIndex());
    }

    @Test
    void waitingForAllEndsWhenTheLastRegistersOrAtTheTimeout() throws Exception {
        DeviceRegistry r = new DeviceRegistry("run", 2, new Object());
        r.register(device("a"));
        assertFalse(r.awaitAll(TimeUnit.MILLISECONDS.toNanos(50), () -> false), "one of two: times out");
        Thread late = new Thread(() -> r.register(device("b")));
        late.start();
        assertTrue(r.awaitAll(TimeUnit.SECONDS.toNanos(10), () -> false));
        late.join();
        assertFalse(r.awaitAll(TimeUnit.SECONDS.toNanos(10), () -> true), "a stopped run does not start");
    }
}
