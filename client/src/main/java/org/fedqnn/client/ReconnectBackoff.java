package org.fedqnn.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a device waits between attempts to register again after its connection was lost:
 * {@code initial}, doubling per attempt up to {@code max}, until {@code giveUpAfter} has passed
 * without a successful Register. Immutable and thread-safe.
 *
 * @param initial     the pause before the second attempt, > 0
 * @param max         the longest pause, at least {@code initial}
 * @param giveUpAfter how long a device keeps trying without a successful Register, > 0
 */
public record ReconnectBackoff(Duration initial, Duration max, Duration giveUpAfter) {

    /** 500 ms, doubling, at most 10 s, giving up after 5 minutes. */
    public static final ReconnectBackoff DEFAULT =
            new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(5));

    public ReconnectBackoff {
        DeviceSettings.requirePositive("ReconnectBackoff.initial", initial);
        DeviceSettings.requirePositive("ReconnectBackoff.max", max);
        DeviceSettings.requirePositive("ReconnectBackoff.giveUpAfter", giveUpAfter);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("ReconnectBackoff.max must be >= initial (" + initial + "), got " + max);
        }
    }

    /** The pause after failed attempt {@code attempt} (0 for the first): min(max, initial * 2^attempt). */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
        }
        Duration d = Objects.requireNonNull(initial);
        for (int i = 0; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) < 0 ? d : max;
    }
}
