package org.fedqnn.server.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.fedqnn.proto.codec.TensorAssembler;
import org.fedqnn.proto.codec.WireFormatException;
import org.fedqnn.proto.v2.UpdateAck;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.intake.UpdateSubmission;
import org.fedqnn.server.round.RoundLoop;
import org.fedqnn.server.security.PeerIdentity;

/**
 * One SubmitUpdate call: header, chunks, trailer, then the client's half-close. A peer silent
 * for the idle limit before its half-close is answered DEADLINE_EXCEEDED, and its submission
 * ends as a broken-off stream does ({@link UpdateSubmission#fail}, not malformed): the upload
 * slot and the staging buffer are released and the device may still send in time. The time the
 * server itself spends on a message does not count as the peer's silence. Messages, the
 * client's end and the idle check are serialized on this object. Its upload time is measured from
 * the call's start here to the arrival of its last chunk.
 */
final class UpdateCall implements StreamObserver<UpdateMessage> {

    private final RoundLoop coordinator;
    private final StreamObserver<UpdateAck> response;
    private final IdleWatch idle;
    private final Duration idleLimit;
    private final long startNanos = System.nanoTime();
    private long lastChunkNanos;
    private UpdateSubmission submission;
    private TensorAssembler assembler;
    private UpdateReport report;
    private long bytes;
    private boolean done;

    UpdateCall(RoundLoop coordinator, StreamObserver<UpdateAck> response, ScheduledExecutorService timer,
               Duration idleLimit) {
        this.coordinator = coordinator;
        this.response = response;
        this.idleLimit = idleLimit;
        this.idle = new IdleWatch(timer, idleLimit, this::idle).start();
    }

    @Override
    public synchronized void onNext(UpdateMessage message) {
        if (done) {
            return;
        }
        idle.touch();
        bytes += message.getSerializedSize();
        try {
            switch (message.getKindCase()) {
                case HEADER -> header(message.getHeader());
                case CHUNK -> {
                    lastChunkNanos = System.nanoTime();
                    requireOpen("a chunk");
                    assembler.accept(message.getChunk());
                }
                case TRAILER -> {
                    requireOpen("the trailer");
                    assembler.finish();
                    report = report(message.getTrailer());
                }
                default -> throw new Refusal(Refusal.Kind.MALFORMED,
                        "UpdateMessage.kind must be header, chunk or trailer, got none");
            }
        } catch (Refusal e) {
            fail(e.kind() == Refusal.Kind.MALFORMED, BaseStationService.status(e));
        } catch (WireFormatException | IllegalArgumentException e) {
            fail(true, BaseStationService.status(Status.INVALID_ARGUMENT, e.getMessage()));
        }
        idle.touch();
    }

    private void header(UpdateHeader h) {
        if (submission != null) {
            throw new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: a second header in one update");
        }
        BaseStationService.checkRun(coordinator, h.getRunId());
        submission = coordinator.beginUpdate(h.getDeviceIndex(), h.getSessionId(), h.getRound(),
                PeerIdentity.currentCredential());
        assembler = new TensorAssembler(submission.expected(), coordinator.settings().maxChunkPayloadBytes(),
                submission);
    }

    private void requireOpen(String what) {
        if (submission == null) {
            throw new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: " + what + " before the header");
        }
        if (report != null) {
            throw new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: " + what + " after the trailer");
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        idle.stop();
        if (!done) {
            done = true;
            if (submission != null) {
                submission.fail("the stream broke off: " + Status.fromThrowable(t), false);
            }
        }
    }

    @Override
    public synchronized void onCompleted() {
        idle.stop();
        if (done) {
            return;
        }
        if (report == null) {
            String what = submission == null ? "an empty update (no header)"
                    : "a truncated update: the stream ended before the trailer";
            fail(true, Status.INVALID_ARGUMENT.withDescription("UpdateMessage: " + what));
            return;
        }
        try {
            double uploadSeconds = lastChunkNanos == 0 ? Double.NaN : (lastChunkNanos - startNanos) / 1e9;
            submission.complete(report, bytes, assembler.payloadBytes(), uploadSeconds);
            done = true;
            response.onNext(UpdateAck.newBuilder().setRound(submission.round()).setBytesReceived(bytes).build());
            response.onCompleted();
        } catch (Refusal e) {
            done = true;
            response.onError(BaseStationService.status(e).asRuntimeException());
        }
    }

    /** The idle watch fired: cancels the call unless a message came meanwhile. */
    private synchronized void idle() {
        if (done) {
            return;
        }
        if (!idle.isIdle()) {
            idle.resume();
            return;
        }
        fail(false, Status.DEADLINE_EXCEEDED.withDescription("SubmitUpdate: no message for the idle limit of "
                + idleLimit.toMillis() + " ms; the stream is cancelled and its upload slot freed"));
    }

    private void fail(boolean malformed, Status status) {
        done = true;
        idle.stop();
        if (submission != null) {
            submission.fail(status.getDescription(), malformed);
        }
        response.onError(status.asRuntimeException());
    }

    private static UpdateReport report(UpdateTrailer t) {
        return new UpdateReport(t.getForwardMacsPerSample(), t.getBackwardMacsPerSample(), t.getWeights(),
                t.getOutputsPerSample(), t.getSamplesUsed(), t.getLocalSteps(), t.getComputeSeconds(),
                t.getMeanLocalLoss(), t.getMeanSquaredGradientNorm(), t.getGradientVariance(), t.getBytesSent(),
                UpdateReport.quantizationVariance(t.hasQuantizationVariance(), t.getQuantizationVariance()));
    }
}
