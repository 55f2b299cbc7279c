package org.fedqnn.server.grpc;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.server.round.RoundLoop;

/**
 * The base station's gRPC server: {@link BaseStationService} over an injected transport (real
 * sockets from {@link ServerTransport}, or the in-process transport in tests). Its inbound
 * message limit is the chunk payload limit plus 64 KiB of framing, so no device can make it
 * buffer a larger message. Thread-safe.
 */
public final class BaseStationServer implements AutoCloseable {

    /** Room for a chunk's fields and the protobuf framing beyond its payload. */
    public static final int FRAMING_ALLOWANCE_BYTES = 64 * 1024;

    private final Server server;

    public BaseStationServer(ServerBuilder<?> builder, RoundLoop coordinator, ModelSpec modelSpec) {
        int limit = coordinator.settings().maxChunkPayloadBytes() + FRAMING_ALLOWANCE_BYTES;
        server = builder.addService(new BaseStationService(coordinator, modelSpec))
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
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
