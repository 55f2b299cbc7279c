package org.fedqnn.server.grpc;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fedqnn.server.StationLimits;

/**
 * The one place the base station's listening transport is built: plaintext HTTP/2 on a socket
 * address today; TLS and device credentials go here. Stateless.
 */
public final class ServerTransport {

    /** How often a device may ping the server; devices send no pings of their own today. */
    public static final Duration PERMIT_KEEP_ALIVE = Duration.ofSeconds(10);

    private ServerTransport() {}

    /**
     * A builder listening on {@code host:port} (port 0 picks a free one). The base station sets
     * its connection limits ({@link #limit}) from the run's settings.
     */
    public static ServerBuilder<?> listening(String host, int port) {
        return NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
    }

    /**
     * Sets the connection limits of {@code limits} on a socket transport: concurrent calls per
     * connection (HTTP/2 MAX_CONCURRENT_STREAMS, more are refused), the keep-alive ping that
     * notices a vanished device, and the idle time and age after which a connection is closed or
     * retired. A transport without connections (in-process) is left as it is.
     */
    static ServerBuilder<?> limit(ServerBuilder<?> builder, StationLimits limits) {
        if (builder instanceof NettyServerBuilder netty) {
            netty.maxConcurrentCallsPerConnection(limits.maxConcurrentCallsPerConnection())
                    .permitKeepAliveTime(PERMIT_KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveTime(limits.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveTimeout(limits.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .maxConnectionIdle(limits.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS)
                    .maxConnectionAge(limits.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS)
                    .maxConnectionAgeGrace(limits.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
        return builder;
    }
}
