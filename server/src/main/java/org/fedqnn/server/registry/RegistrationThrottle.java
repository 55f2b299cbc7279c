package org.fedqnn.server.registry;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How fast one peer address may register: a token bucket per address holding up to
 * {@code burst} registrations, refilled at {@code perSecond}. A bucket that refilled to the
 * full burst is the same as none and may be forgotten, so at most {@link #MAX_PEERS} addresses
 * are tracked; while that many have partly spent buckets, a new address is refused too. No
 * randomness; the clock is injected (nanoseconds, as {@link System#nanoTime}), so a test decides
 * when tokens come back. Thread-safe.
 */
public final class RegistrationThrottle {

    /** The most addresses tracked at once. */
    public static final int MAX_PEERS = 4096;

    private final int burst;
    private final double perNano;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    /**
     * @param burst     registrations one address may make at once, at least 1
     * @param perSecond tokens an address gets back per second, positive
     * @param clock     nanoseconds, e.g. {@code System::nanoTime}
     */
    public RegistrationThrottle(int burst, double perSecond, LongSupplier clock) {
        if (burst < 1 || !(perSecond > 0) || !Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("a registration bucket needs burst >= 1 and a positive rate, got "
                    + burst + " and " + perSecond + " per second");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes a token of {@code peer}'s bucket: true when it had one (the registration may go on). */
    public synchronized boolean tryAcquire(String peer) {
        long now = clock.getAsLong();
        Bucket b = buckets.get(peer);
        if (b == null) {
            if (buckets.size() >= MAX_PEERS) {
                forgetFull(now);
                if (buckets.size() >= MAX_PEERS) {
                    return false;
                }
            }
            b = new Bucket();
            b.tokens = burst;
            b.lastNanos = now;
            buckets.put(peer, b);
        }
        refill(b, now);
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    /** Addresses tracked now (a test's view). */
    public synchronized int tracked() {
        return buckets.size();
    }

    private void refill(Bucket b, long now) {
        long elapsed = Math.max(0, now - b.lastNanos);
        b.tokens = Math.min(burst, b.tokens + elapsed * perNano);
        b.lastNanos = now;
    }

    private void forgetFull(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            refill(b, now);
            if (b.tokens >= burst) {
                it.remove();
            }
        }
    }
}
