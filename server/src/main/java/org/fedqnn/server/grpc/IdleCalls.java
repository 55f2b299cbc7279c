package org.fedqnn.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The idle limit of calls whose peer sends one request (Register, FetchTask): a call whose
 * request has not fully arrived (message and half-close) within the limit of its start or of
 * its last message is closed with DEADLINE_EXCEEDED before the service ever sees it, so it holds
 * nothing of the service. Once the request is in, the service answers within its own bounds
 * (the poll window). Calls where the peer streams (SubmitUpdate) are watched by the service,
 * which holds their upload slot. Thread-safe.
 */
final class IdleCalls implements ServerInterceptor {

    private final ScheduledExecutorService timer;
    private final Duration limit;

    IdleCalls(ScheduledExecutorService timer, Duration limit) {
        this.timer = timer;
        this.limit = limit;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!call.getMethodDescriptor().getType().clientSendsOneMessage()) {
            return next.startCall(call, headers);
        }
        Guarded<Q, R> guarded = new Guarded<>(call);
        Watched<Q> listener = new Watched<>(guarded);
        listener.delegate = next.startCall(guarded, headers);
        listener.watch = new IdleWatch(timer, limit, listener::idle).start();
        return listener;
    }

    /** A call closed at most once, whoever closes it first. */
    private static final class Guarded<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

        private boolean closed;

        Guarded(ServerCall<Q, R> call) {
            super(call);
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }
    }

    /** Forwards the request to the service unless the idle limit closed the call first. */
    private final class Watched<Q> extends ForwardingServerCallListener<Q> {

        private final Guarded<Q, ?> call;
        private ServerCall.Listener<Q> delegate;
        private IdleWatch watch;
        private boolean halfClosed;
        private boolean timedOut;

        Watched(Guarded<Q, ?> call) {
            this.call = call;
        }

        @Override
        protected ServerCall.Listener<Q> delegate() {
            return delegate;
        }

        @Override
        public void onMessage(Q message) {
            synchronized (this) {
                if (timedOut) {
                    return;
                }
            }
            watch.touch();
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            synchronized (this) {
                if (timedOut) {
                    return;
                }
                halfClosed = true;
            }
            watch.stop();
            super.onHalfClose();
        }

        @Override
        public void onCancel() {
            watch.stop();
            super.onCancel();
        }

        @Override
        public void onComplete() {
            watch.stop();
            super.onComplete();
        }

        void idle() {
            synchronized (this) {
                if (halfClosed || timedOut) {
                    return;
                }
                if (!watch.isIdle()) {
                    watch.resume();
                    return;
                }
                timedOut = true;
            }
            call.close(Status.DEADLINE_EXCEEDED.withDescription("the request did not arrive within the idle limit of "
                    + limit.toMillis() + " ms"), new Metadata());
        }
    }
}
