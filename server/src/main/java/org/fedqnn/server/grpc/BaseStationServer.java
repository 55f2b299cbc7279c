package org.fedqnn.server.grpc;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.server.StationLimits;
import org.fedqnn.server.registry.RegistrationThrottle;
import org.fedqnn.server.round.RoundLoop;

/**
 * The base station's gRPC server: {@link BaseStationService} over an injected transport (real
 * sockets from {@link ServerTransport}, or the in-process transport in tests), with the run's
 * {@link StationLimits}: the connection limits on a socket transport, the registration rate
 * limit per peer address ({@link RegistrationLimit}) and the idle limit of every call
 * ({@link IdleCalls}, and the service's own for SubmitUpdate). Its inbound message limit is the
 * chunk payload limit plus 64 KiB of framing, so no device can make it buffer a larger message.
 * Thread-safe.
 */
public final class BaseStationServer implements AutoCloseable {

    /** Room for a chunk's fields and the protobuf framing beyond its payload. */
    public static final int FRAMING_ALLOWANCE_BYTES = 64 * 1024;

    private final Server server;
    private final ScheduledExecutorService idleTimer;

    public BaseStationServer(ServerBuilder<?> builder, RoundLoop coordinator, ModelSpec modelSpec) {
        int limit = coordinator.settings().maxChunkPayloadBytes() + FRAMING_ALLOWANCE_BYTES;
        StationLimits limits = coordinator.settings().limits();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fedqnn-idle-calls");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a finished call's check leaves the queue at once
        idleTimer = timer;
        RegistrationThrottle throttle = new RegistrationThrottle(limits.registrationBurst(),
                limits.registrationsPerSecond(), System::nanoTime);
        server = ServerTransport.limit(builder, limits)
                .addService(ServerInterceptors.intercept(
                        new BaseStationService(coordinator, modelSpec, idleTimer, limits.streamIdleTimeout()),
                        new IdleCalls(idleTimer, limits.streamIdleTimeout()), new RegistrationLimit(throttle)))
                .maxInboundMessageSize(limit)
                .build();
    }

    /** Starts listening. */
    public BaseStationServer start() throws IOException {
        server.start();
        return this;
    }

    /** The port listened on (-1 for a transport without one). */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting calls and waits up to 5 s for the ones in progress. */
    @Override
    public void close() throws InterruptedException {
        try {
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            idleTimer.shutdownNow();
        }
    }
}
