package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSettingsTest {

    @Test
    void theDefaultBackoffDoublesFrom500msUpTo10s() {
        ReconnectBackoff b = ReconnectBackoff.DEFAULT;
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L),
                java.util.stream.IntStream.range(0, 7).mapToObj(b::delay).map(Duration::toMillis).toList());
        assertEquals(Duration.ofMinutes(5), b.giveUpAfter());
        assertEquals(Duration.ofSeconds(10), b.delay(Integer.MAX_VALUE));
    }

    @Test
    void illegalSettingsAreRefusedNamingTheField() {
        for (String target : new String[] {"localhost", ":50051", "host:0", "host:65536", "host:port"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> DeviceSettings.defaults(target, List.of("a")));
            assertTrue(e.getMessage().contains("DeviceSettings.target") && e.getMessage().contains(target),
                    e.getMessage());
        }
        DeviceSettings.defaults("[::1]:50051", List.of("a"));
        var dup = assertThrows(IllegalArgumentException.class,
                () -> DeviceSettings.defaults("h:1", List.of("a", "b", "a")));
        assertTrue(dup.getMessage().contains("'a'"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceSettings.defaults("h:1", List.of()));
        var name = assertThrows(IllegalArgumentException.class,
                () -> DeviceSettings.defaults("h:1", List.of("a", "b\u0085")));
        assertTrue(name.getMessage().startsWith("DeviceSettings.deviceNames[1] must be 1..64 characters"),
                name.getMessage());
        var backoff = assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1)));
        assertTrue(backoff.getMessage().contains("ReconnectBackoff.max"), backoff.getMessage());
    }
}
