package org.fedqnn.server.grpc;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.fedqnn.server.security.IdentityInterceptor;
import org.fedqnn.server.security.RunTrust;
import org.fedqnn.server.security.ServerSecurity;

/**
 * The one place the base station's listening transport is built: HTTP/2 on a socket address,
 * in plaintext on loopback (or anywhere with {@code --insecure}), else with mutual TLS whose
 * calls carry the caller's device identity ({@link IdentityInterceptor}). Stateless.
 */
public final class ServerTransport {

    private ServerTransport() {}

    /**
     * A plaintext builder listening on loopback {@code host:port} (port 0 picks a free one).
     *
     * @throws IllegalArgumentException when {@code host} is not a loopback address
     */
    public static ServerBuilder<?> listening(String host, int port) {
        return listening(host, port, ServerSecurity.plaintext());
    }

    /**
     * A builder listening on {@code host:port} secured as {@code security} says, with keep-alive
     * settings that notice a vanished device within a minute.
     *
     * @throws IllegalArgumentException for plaintext on an address that is not loopback without --insecure
     * @throws UncheckedIOException     when the TLS files cannot be read
     */
    public static ServerBuilder<?> listening(String host, int port, ServerSecurity security) {
        security.checkListen(host);
        InetSocketAddress address = new InetSocketAddress(host, port);
        NettyServerBuilder builder;
        try {
            if (security.tls()) {
                RunTrust trust = security.trust();
                builder = NettyServerBuilder.forAddress(address, security.credentials(trust));
                builder.intercept(new IdentityInterceptor(trust));
            } else {
                builder = NettyServerBuilder.forAddress(address);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up TLS: " + e.getMessage(), e);
        }
        return builder.permitKeepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS);
    }
}
