package org.fedqnn.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The one place a device's channel to the base station is built. Plaintext over Netty for
 * now; transport security (TLS, call credentials) goes here and nowhere else. Stateless and
 * thread-safe.
 */
public final class DeviceChannels {

    /**
     * The largest message a device accepts, gRPC's default of 4 MiB; announced to the server in
     * {@code DeviceCapabilities.max_inbound_message_bytes} so it sends no larger chunk.
     */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

    private DeviceChannels() {
    }

    /**
     * A channel to {@code target} ({@code host:port}, see {@link DeviceSettings#target()}).
     * The caller owns it and shuts it down.
     */
    public static ManagedChannel open(String target) {
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }
}
