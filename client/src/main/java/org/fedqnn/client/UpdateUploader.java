package org.fedqnn.client;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.UpdateAck;
import org.fedqnn.proto.v2.UpdateMessage;

/**
 * Sends one update on the async stub's client-streaming SubmitUpdate call, with a deadline,
 * honouring gRPC flow control (a message goes out only while the call is ready), and waits for
 * the server's verdict. Stateless and thread-safe.
 */
final class UpdateUploader {

    /** The server's verdict: OK with its ack, or the status the call failed with. */
    record Outcome(Status status, UpdateAck ack) {
    }

    /** Extra wait past the call's deadline for its verdict, after which the call is cancelled. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private UpdateUploader() {
    }

    /**
     * Sends {@code messages} within {@code timeout} (the call's deadline). The call starts in the
     * caller's {@link io.grpc.Context}, so cancelling that context cancels it.
     */
    static Outcome upload(BaseStationGrpc.BaseStationStub stub, List<UpdateMessage> messages, Duration timeout) {
        CompletableFuture<UpdateAck> done = new CompletableFuture<>();
        Sender sender = new Sender(messages, done);
        stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS).submitUpdate(sender);
        try {
            UpdateAck ack = done.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome(Status.OK, ack);
        } catch (ExecutionException e) {
            return new Outcome(Status.fromThrowable(e.getCause()), null);
        } catch (TimeoutException e) {
            sender.cancel("no verdict " + GRACE + " after the deadline");
            return new Outcome(Status.DEADLINE_EXCEEDED.withDescription("no verdict from the server"), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.cancel("interrupted");
            return new Outcome(Status.CANCELLED.withDescription("interrupted"), null);
        }
    }

    /** Feeds the messages to the call while it is ready; called back on gRPC's executor. */
    private static final class Sender implements ClientResponseObserver<UpdateMessage, UpdateAck> {
        private final List<UpdateMessage> messages;
        private final CompletableFuture<UpdateAck> done;
        private ClientCallStreamObserver<UpdateMessage> requests;
        private int next;
        private boolean halfClosed;
        private UpdateAck ack;

        Sender(List<UpdateMessage> messages, CompletableFuture<UpdateAck> done) {
            this.messages = messages;
            this.done = done;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<UpdateMessage> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(this::drain);
        }

        private synchronized void drain() {
            while (!halfClosed && !done.isDone() && requests.isReady() && next < messages.size()) {
                requests.onNext(messages.get(next++));
            }
            if (!halfClosed && !done.isDone() && next == messages.size()) {
                halfClosed = true;
                requests.onCompleted();
            }
        }

        synchronized void cancel(String why) {
            if (requests != null) {
                requests.cancel(why, null);
            }
        }

        @Override
        public synchronized void onNext(UpdateAck value) {
            ack = value;
        }

        @Override
        public synchronized void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public synchronized void onCompleted() {
            if (ack == null) {
                done.completeExceptionally(Status.INTERNAL.withDescription("the server completed SubmitUpdate "
                        + "without an UpdateAck").asRuntimeException());
            } else {
                done.complete(ack);
            }
        }
    }
}
