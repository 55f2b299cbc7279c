package org.fedqnn.client;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How the sessions of a {@link DeviceHost} ended, and the process exit code that follows.
 * Immutable and thread-safe.
 *
 * @param sessions one outcome per device, in the order of {@link DeviceSettings#deviceNames()}
 */
public record HostOutcome(List<SessionOutcome> sessions) {

    /** Exit code when every device saw RunEnded. */
    public static final int OK = 0;
    /** Exit code when a device failed (gave up reconnecting, was refused, ...). */
    public static final int FAILED = 1;
    /** Exit code when the host was stopped (e.g. Ctrl-C) and no device failed. */
    public static final int STOPPED = 130;

    public HostOutcome {
        sessions = List.copyOf(sessions);
    }

    /** {@link #OK}, {@link #FAILED} or {@link #STOPPED}. */
    public int exitCode() {
        if (sessions.stream().anyMatch(s -> s.kind() == SessionOutcome.Kind.FAILED)) {
            return FAILED;
        }
        if (sessions.stream().anyMatch(s -> s.kind() == SessionOutcome.Kind.STOPPED)) {
            return STOPPED;
        }
        return OK;
    }

    /** One line per device that did not see RunEnded, or the run's end reasons when all did. */
    public String reason() {
        List<SessionOutcome> bad = sessions.stream().filter(s -> s.kind() != SessionOutcome.Kind.RUN_ENDED).toList();
        List<SessionOutcome> shown = bad.isEmpty() ? sessions : bad;
        return shown.stream().map(SessionOutcome::toString).collect(Collectors.joining("; "));
    }
}
