package org.fedqnn.client;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;

/**
 * The one place a device's channel to the base station is built: plaintext over Netty, or
 * mutual TLS with the device's certificate and key, trusting only the run CA (grpc-java's
 * {@link TlsChannelCredentials}; the base station's certificate must name the target's host).
 * Stateless and thread-safe.
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
     * A plaintext channel to {@code target} ({@code host:port}, see {@link DeviceSettings#target()}).
     * The caller owns it and shuts it down.
     */
    public static ManagedChannel open(String target) {
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }

    /**
     * A mutual-TLS channel to {@code target} with {@code tls}. The caller owns it and shuts it down.
     *
     * @throws IllegalArgumentException when the files cannot be read as PEM certificates and key
     */
    public static ManagedChannel open(String target, DeviceCredentials tls) {
        try {
            ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                    .keyManager(tls.certificate().toFile(), tls.privateKey().toFile())
                    .trustManager(tls.caCertificate().toFile())
                    .build();
            return NettyChannelBuilder.forTarget(target, credentials)
                    .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS files " + tls.certificate() + ", "
                    + tls.privateKey() + ", " + tls.caCertificate() + ": " + e.getMessage(), e);
        }
    }
}
