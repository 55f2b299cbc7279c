package org.fedqnn.server.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.server.registry.RegistrationThrottle;

/**
 * The registration rate limit per peer address: a Register call from an address whose bucket
 * ({@link RegistrationThrottle}) is empty is refused with RESOURCE_EXHAUSTED before the service
 * sees it (a device retries Register after a pause). The key is the remote IP address, not the
 * port, so new connections from one host share its bucket. Other calls pass. Thread-safe.
 */
final class RegistrationLimit implements ServerInterceptor {

    private static final String REGISTER = BaseStationGrpc.getRegisterMethod().getFullMethodName();

    private final RegistrationThrottle throttle;

    RegistrationLimit(RegistrationThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (REGISTER.equals(call.getMethodDescriptor().getFullMethodName())
                && !throttle.tryAcquire(peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)))) {
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many registrations from this address; "
                    + "retry in a few seconds"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    /** The key of a remote address: its IP for a socket, else its text (the in-process transport). */
    static String peer(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
