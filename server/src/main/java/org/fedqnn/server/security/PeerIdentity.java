package org.fedqnn.server.security;

import io.grpc.Context;
import java.util.Objects;

/**
 * Who is calling, as mutual TLS proved it: the device name of the client certificate and the
 * certificate's SHA-256, put into the call's {@link Context} by {@link IdentityInterceptor}.
 * Absent on plaintext. Immutable.
 *
 * @param deviceName  the name the certificate carries ({@link DeviceNames#of})
 * @param certificateSha256 the certificate's SHA-256 in hex: the credential a registration is bound to
 */
public record PeerIdentity(String deviceName, String certificateSha256) {

    /** The key of the caller's identity in the gRPC context. */
    public static final Context.Key<PeerIdentity> KEY = Context.key("fedqnn-peer-identity");

    public PeerIdentity {
        Objects.requireNonNull(deviceName, "PeerIdentity.deviceName");
        Objects.requireNonNull(certificateSha256, "PeerIdentity.certificateSha256");
    }

    /** The identity of the call on this thread's context, or null on plaintext. */
    public static PeerIdentity current() {
        return KEY.get();
    }

    /** The credential of the call on this thread's context, or null on plaintext. */
    public static String currentCredential() {
        PeerIdentity id = KEY.get();
        return id == null ? null : id.certificateSha256();
    }
}
