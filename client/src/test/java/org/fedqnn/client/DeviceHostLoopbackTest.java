package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The device host over a real socket on loopback, through {@link DeviceChannels}. */
@Timeout(120)
class DeviceHostLoopbackTest {

    @Test
    void twoDevicesFinishTheRunOverLoopback() throws Exception {
        FakeBaseStation station = new FakeBaseStation();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(station)
                .build().start();
        try {
            ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
            DeviceSettings settings = InProcessStation.settings("a", "b");
            settings = new DeviceSettings("127.0.0.1:" + server.getPort(), settings.deviceNames(),
                    settings.registerDeadline(), settings.pollDeadline(), settings.uploadMargin(),
                    settings.busyRetryPause(), settings.reconnect(), settings.dataDir(), settings.maxCodeDevices());
            HostResources resources = new HostResources(Fixtures.data(), new LocalTrainer(), new ComputeTurn(),
                    log::add);
            HostOutcome outcome = new DeviceHost(settings, DeviceChannels.open(settings.target()), resources).run();
            assertEquals(HostOutcome.OK, outcome.exitCode(), outcome.reason() + "\n" + String.join("\n", log));
            assertEquals(2, station.updates.size());
            for (var update : station.updates) {
                DecodedUpdate.decode(update, station.updateTensors, FakeBaseStation.MAX_CHUNK_PAYLOAD);
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
