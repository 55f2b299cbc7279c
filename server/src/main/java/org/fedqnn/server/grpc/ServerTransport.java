package org.fedqnn.server.grpc;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fedqnn.server.StationLimits;
import org.fedqnn.server.security.IdentityInterceptor;
import org.fedqnn.server.security.RunTrust;
import org.fedqnn.server.security.ServerSecurity;

/**
 * The one place the base station's listening transport is built: HTTP/2 on a socket address,
 * in plaintext on loopback (or anywhere with {@code --insecure}), else with mutual TLS whose
 * calls carry the caller's device identity ({@link IdentityInterceptor}). Stateless.
 */
public final class ServerTransport {

    /** How often a device may ping the server; devices send no pings of their own today. */
    public static final Duration PERMIT_KEEP_ALIVE = Duration.ofSeconds(10);

    private ServerTransport() {}

    /**
     * A plaintext builder listening on loopback {@code host:port} (port 0 picks a free one). The
     * base station sets its connection limits ({@link #limit}) from the run's settings.
     *
     * @throws IllegalArgumentException when {@code host} is not a loopback address
     */
    public static ServerBuilder<?> listening(String host, int port) {
        return listening(host, port, ServerSecurity.plaintext());
    }

    /**
     * A builder listening on {@code host:port} secured as {@code security} says. The base station
     * sets its connection limits ({@link #limit}) from the run's settings.
     *
     * @throws IllegalArgumentException for plaintext on an address that is not loopback without --insecure
     * @throws UncheckedIOException     when the TLS files cannot be read
     */
    public static ServerBuilder<?> listening(String host, int port, ServerSecurity security) {
        security.checkListen(host);
        InetSocketAddress address = new InetSocketAddress(host, port);
        try {
            if (security.tls()) {
                RunTrust trust = security.trust();
                NettyServerBuilder builder = NettyServerBuilder.forAddress(address, security.credentials(trust));
                builder.intercept(new IdentityInterceptor(trust));
                return builder;
            }
            return NettyServerBuilder.forAddress(address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up TLS: " + e.getMessage(), e);
        }
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
