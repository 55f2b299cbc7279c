package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class DeviceHostTest {

    @Test
    void everyDeviceTrainsItsTaskAndTheHostExitsZero() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            DeviceHost host = new DeviceHost(InProcessStation.settings("a", "b"), s.channel, s.resources);
            HostOutcome outcome = host.run();
            assertEquals(HostOutcome.OK, outcome.exitCode(), outcome.reason());
            assertEquals(2, outcome.sessions().size());
            Set<Integer> devices = s.station.updates.stream().map(u -> u.get(0).getHeader().getDeviceIndex())
                    .collect(Collectors.toSet());
            assertEquals(Set.of(0, 1), devices);
            assertTrue(s.channel.isShutdown(), "the host shuts its channel down");
            assertThrows(IllegalStateException.class, host::run);
        }
    }

    @Test
    void aFailedDeviceMakesTheExitCodeNonZeroWithTheReason() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.pinnedSha256 = "e".repeat(64);
            HostOutcome outcome = new DeviceHost(InProcessStation.settings("a"), s.channel, s.resources).run();
            assertEquals(HostOutcome.FAILED, outcome.exitCode());
            assertTrue(outcome.reason().contains("e".repeat(64)), outcome.reason());
        }
    }

    @Test
    void stopEndsSessionsWaitingInALongPoll() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.holdFetches = true;
            DeviceHost host = new DeviceHost(InProcessStation.settings("a", "b"), s.channel, s.resources);
            CompletableFuture<HostOutcome> running = CompletableFuture.supplyAsync(host::run);
            assertTrue(s.station.fetchHeld.await(60, TimeUnit.SECONDS), "no FetchTask reached the server");
            host.stop();
            HostOutcome outcome = running.get();
            assertEquals(HostOutcome.STOPPED, outcome.exitCode(), outcome.reason());
            assertTrue(outcome.sessions().stream().allMatch(o -> o.kind() == SessionOutcome.Kind.STOPPED),
                    outcome.reason());
        }
    }
}
