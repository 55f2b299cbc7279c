package org.fedqnn.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one peer may hold of the base station's transport: how long an inbound stream may stay
 * silent, how many calls one connection may carry at once, how connections are kept alive and
 * retired, and how fast one address may register. Each default leaves an honest device JVM
 * untouched (see docs/hostile-devices.md, "Limits"). Immutable and thread-safe.
 *
 * @param streamIdleTimeout             longest silence of a peer on a call it has not finished sending:
 *                                      the call is cancelled with DEADLINE_EXCEEDED and what it held freed
 * @param maxConcurrentCallsPerConnection calls one connection may have open at once (HTTP/2
 *                                      MAX_CONCURRENT_STREAMS; more are refused)
 * @param keepAliveTime                 the server pings a connection silent this long
 * @param keepAliveTimeout              and closes it when the ping is not answered within this
 * @param maxConnectionIdle             a connection without a call this long is closed gracefully
 *                                      (a device's channel reconnects on its next call)
 * @param maxConnectionAge              a connection older than this is told to go away (GOAWAY)
 * @param maxConnectionAgeGrace         and its calls in progress get this long to finish
 * @param registrationBurst             registrations one peer address may make at once
 * @param registrationsPerSecond        and then per second (a token bucket per address)
 */
public record StationLimits(Duration streamIdleTimeout, int maxConcurrentCallsPerConnection,
                            Duration keepAliveTime, Duration keepAliveTimeout, Duration maxConnectionIdle,
                            Duration maxConnectionAge, Duration maxConnectionAgeGrace, int registrationBurst,
                            double registrationsPerSecond) {

    /** The default idle limit of a stream. */
    public static final Duration DEFAULT_STREAM_IDLE = Duration.ofSeconds(60);
    /** The default keep-alive ping interval. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** The default time to answer a keep-alive ping. */
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(20);
    /** The default idle time before a connection without calls is closed. */
    public static final Duration DEFAULT_CONNECTION_IDLE = Duration.ofMinutes(5);
    /** The default age at which a connection is retired. */
    public static final Duration DEFAULT_CONNECTION_AGE = Duration.ofHours(1);
    /** The default registrations per second of one address after its burst. */
    public static final double DEFAULT_REGISTRATIONS_PER_SECOND = 1.0;

    public StationLimits {
        positive("streamIdleTimeout", streamIdleTimeout);
        if (maxConcurrentCallsPerConnection < 1) {
            throw new IllegalArgumentException("maxConcurrentCallsPerConnection must be >= 1, got "
                    + maxConcurrentCallsPerConnection);
        }
        positive("keepAliveTime", keepAliveTime);
        positive("keepAliveTimeout", keepAliveTimeout);
        positive("maxConnectionIdle", maxConnectionIdle);
        positive("maxConnectionAge", maxConnectionAge);
        positive("maxConnectionAgeGrace", maxConnectionAgeGrace);
        if (registrationBurst < 1) {
            throw new IllegalArgumentException("registrationBurst must be >= 1, got " + registrationBurst);
        }
        if (!(registrationsPerSecond > 0) || !Double.isFinite(registrationsPerSecond)) {
            throw new IllegalArgumentException("registrationsPerSecond must be a positive number, got "
                    + registrationsPerSecond);
        }
    }

    /**
     * The defaults for a run of N = {@code devices}, a round deadline and a poll window: idle
     * limit 60 s; 2 N + 16 calls per connection (at least 64: a poll and an upload of every
     * device, should one JVM host them all); keep-alive ping after 30 s, answered within 20 s;
     * connections closed after 5 min without a call and retired after 1 h with a grace of the
     * round deadline plus the poll window plus 30 s (the longest honest call ends within it);
     * N + 16 registrations at once per address (one host may register all its devices and
     * re-register some), then 1 per second.
     */
    public static StationLimits defaults(int devices, Duration roundDeadline, Duration pollWindow) {
        return new StationLimits(DEFAULT_STREAM_IDLE, defaultCallsPerConnection(devices), DEFAULT_KEEP_ALIVE,
                DEFAULT_KEEP_ALIVE_TIMEOUT, DEFAULT_CONNECTION_IDLE, DEFAULT_CONNECTION_AGE,
                defaultAgeGrace(roundDeadline, pollWindow), defaultRegistrationBurst(devices),
                DEFAULT_REGISTRATIONS_PER_SECOND);
    }

    /** 2 N + 16, at least 64. */
    public static int defaultCallsPerConnection(int devices) {
        return Math.max(64, 2 * devices + 16);
    }

    /** The round deadline plus the poll window plus 30 s. */
    public static Duration defaultAgeGrace(Duration roundDeadline, Duration pollWindow) {
        Objects.requireNonNull(roundDeadline, "roundDeadline");
        Objects.requireNonNull(pollWindow, "pollWindow");
        return roundDeadline.plus(pollWindow).plusSeconds(30);
    }

    /** N + 16. */
    public static int defaultRegistrationBurst(int devices) {
        return devices + 16;
    }

    /** These limits with another stream idle limit. */
    public StationLimits withStreamIdleTimeout(Duration idle) {
        return new StationLimits(idle, maxConcurrentCallsPerConnection, keepAliveTime, keepAliveTimeout,
                maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, registrationBurst, registrationsPerSecond);
    }

    /** These limits with another per-connection call limit. */
    public StationLimits withMaxConcurrentCallsPerConnection(int calls) {
        return new StationLimits(streamIdleTimeout, calls, keepAliveTime, keepAliveTimeout, maxConnectionIdle,
                maxConnectionAge, maxConnectionAgeGrace, registrationBurst, registrationsPerSecond);
    }

    /** These limits with another registration bucket. */
    public StationLimits withRegistrations(int burst, double perSecond) {
        return new StationLimits(streamIdleTimeout, maxConcurrentCallsPerConnection, keepAliveTime, keepAliveTimeout,
                maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, burst, perSecond);
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, "StationLimits." + field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, got " + d);
        }
    }
}
