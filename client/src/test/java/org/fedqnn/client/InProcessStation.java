package org.fedqnn.client;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** A {@link FakeBaseStation} on grpc's in-process transport, with a channel to it and a log. */
final class InProcessStation implements AutoCloseable {

    final FakeBaseStation station = new FakeBaseStation();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    final HostResources resources = new HostResources(Fixtures.data(), new LocalTrainer(), new ComputeTurn(),
            log::add);
    private final Server server;
    final ManagedChannel channel;

    InProcessStation() {
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name).directExecutor().addService(station).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).build();
    }

    /** Settings with a fast reconnect, for {@code names}. */
    static DeviceSettings settings(String... names) {
        return new DeviceSettings("localhost:50051", List.of(names), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofMillis(10),
                new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(1)),
                Optional.empty(), Set.of());
    }

    DeviceSession session(String name, DeviceSettings settings) {
        return new DeviceSession(name, settings, channel, resources);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
