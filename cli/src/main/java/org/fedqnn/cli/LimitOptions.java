package org.fedqnn.cli;

import java.time.Duration;
import org.fedqnn.server.StationLimits;
import picocli.CommandLine.Option;

/**
 * What one peer may hold of the base station (docs/hostile-devices.md, "Limits"): the idle limit
 * of a stream, calls per connection, keep-alive, connection idle time and age, and the
 * registration rate per address. Shared by {@code server}, {@code run} and {@code sweep}.
 */
final class LimitOptions {

    @Option(names = "--stream-idle-timeout", defaultValue = "60", description = "Seconds a call may stay silent "
            + "before its request or update is complete; then it is cancelled with DEADLINE_EXCEEDED and its upload "
            + "slot freed (default ${DEFAULT-VALUE}).")
    double streamIdleSeconds;

    @Option(names = "--max-calls-per-connection", description = "Calls one connection may have open at once; more "
            + "are refused (default: 2 N + 16, at least 64).")
    Integer callsPerConnection;

    @Option(names = "--keep-alive-time", defaultValue = "30", description = "Seconds of silence after which the server "
            + "pings a connection (default ${DEFAULT-VALUE}).")
    double keepAliveSeconds;

    @Option(names = "--keep-alive-timeout", defaultValue = "20", description = "Seconds a ping may go unanswered "
            + "before the connection is closed (default ${DEFAULT-VALUE}).")
    double keepAliveTimeoutSeconds;

    @Option(names = "--max-connection-idle", defaultValue = "300", description = "Seconds a connection without a "
            + "call stays open; a device reconnects on its next call (default ${DEFAULT-VALUE}).")
    double connectionIdleSeconds;

    @Option(names = "--max-connection-age", defaultValue = "3600", description = "Seconds after which a connection "
            + "is told to go away; a device opens a new one (default ${DEFAULT-VALUE}).")
    double connectionAgeSeconds;

    @Option(names = "--max-connection-age-grace", description = "Seconds the calls of a retired connection get to "
            + "finish (default: --round-deadline + --poll-window + 30).")
    Double connectionAgeGraceSeconds;

    @Option(names = "--registration-burst", description = "Registrations one address may make at once "
            + "(default: N + 16).")
    Integer registrationBurst;

    @Option(names = "--registration-rate", defaultValue = "1", description = "Registrations per second one address "
            + "gets back after its burst (default ${DEFAULT-VALUE}).")
    double registrationRate;

    /** The limits of a run of N = {@code devices} with this round deadline and poll window. */
    StationLimits limits(int devices, Duration roundDeadline, Duration pollWindow) {
        return new StationLimits(seconds("--stream-idle-timeout", streamIdleSeconds),
                positive("--max-calls-per-connection", callsPerConnection != null ? callsPerConnection
                        : StationLimits.defaultCallsPerConnection(devices)),
                seconds("--keep-alive-time", keepAliveSeconds), seconds("--keep-alive-timeout", keepAliveTimeoutSeconds),
                seconds("--max-connection-idle", connectionIdleSeconds),
                seconds("--max-connection-age", connectionAgeSeconds),
                connectionAgeGraceSeconds != null ? seconds("--max-connection-age-grace", connectionAgeGraceSeconds)
                        : StationLimits.defaultAgeGrace(roundDeadline, pollWindow),
                positive("--registration-burst", registrationBurst != null ? registrationBurst
                        : StationLimits.defaultRegistrationBurst(devices)),
                rate(registrationRate));
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return value;
    }

    private static double rate(double perSecond) {
        if (!(perSecond > 0) || !Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("--registration-rate must be a positive number per second, got "
                    + perSecond);
        }
        return perSecond;
    }

    /** A positive number of seconds, to the millisecond (at least 1 ms). */
    private static Duration seconds(String option, double s) {
        if (!(s > 0) || !Double.isFinite(s) || s > 1e9) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds up to 1e9, got " + s);
        }
        return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    }
}
