package org.fedqnn.server.grpc;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The one place the base station's listening transport is built: plaintext HTTP/2 on a socket
 * address today; TLS and device credentials go here. Stateless.
 */
public final class ServerTransport {

    private ServerTransport() {}

    /**
     * A builder listening on {@code host:port} (port 0 picks a free one), with keep-alive
     * settings that notice a vanished device within a minute.
     */
    public static ServerBuilder<?> listening(String host, int port) {
        return NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS);
    }
}
