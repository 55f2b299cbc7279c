package org.fedqnn.server.security;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Puts the caller's {@link PeerIdentity} into each call's context, from the client certificate
 * of the call's TLS session, after checking the certificate against the revocation list again
 * (so a device revoked during a run is refused at its next call, not only at its next
 * handshake). A call over TLS without a client certificate naming a device is closed with
 * UNAUTHENTICATED or PERMISSION_DENIED. Installed by {@code ServerTransport} on TLS listeners only.
 * Thread-safe.
 */
public final class IdentityInterceptor implements ServerInterceptor {

    private final RunTrust trust;

    public IdentityInterceptor(RunTrust trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("this base station takes calls over mutual "
                    + "TLS only"));
        }
        X509Certificate leaf;
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (peer.length == 0 || !(peer[0] instanceof X509Certificate x)) {
                return refuse(call, Status.UNAUTHENTICATED.withDescription("no X.509 client certificate"));
            }
            leaf = x;
            trust.checkNotRevoked(leaf);
        } catch (SSLPeerUnverifiedException e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("no client certificate: " + e.getMessage()));
        } catch (CertificateException e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
        }
        Optional<String> name = DeviceNames.of(leaf);
        if (name.isEmpty()) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription("client certificate "
                    + leaf.getSubjectX500Principal() + " names no device (one subject alternative name "
                    + DeviceNames.URI_PREFIX + "NAME)"));
        }
        Context context = Context.current().withValue(PeerIdentity.KEY,
                new PeerIdentity(name.get(), PemFiles.sha256(leaf)));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
