package org.fedqnn.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.fedqnn.proto.codec.TensorAssembler;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.codec.WireFormatException;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.convert.PartitionMessages;
import org.fedqnn.proto.convert.PrecisionMessages;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.DeviceCapabilities;
import org.fedqnn.proto.v2.Idle;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.proto.v2.RegisterRequest;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.RunEnded;
import org.fedqnn.proto.v2.TaskEnd;
import org.fedqnn.proto.v2.TaskHeader;
import org.fedqnn.proto.v2.TaskMessage;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.proto.v2.UpdateAck;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.dispatch.Poll;
import org.fedqnn.server.dispatch.Task;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.intake.UpdateSubmission;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.registry.Registration;
import org.fedqnn.server.round.RoundLoop;
import org.fedqnn.server.security.PeerIdentity;

/**
 * The {@code fedqnn.v2.BaseStation} service: turns messages into calls on the
 * {@link RoundLoop} and its refusals into a {@link Status} whose description says what
 * was wrong. Over mutual TLS each call carries the caller's {@link PeerIdentity}: Register
 * under a name needs that name's certificate, and every call is checked against the credential
 * its device registered with (PERMISSION_DENIED otherwise). Holds no round logic. Thread-safe.
 */
final class BaseStationService extends BaseStationGrpc.BaseStationImplBase {

    static final String PROTOCOL_VERSION = "fedqnn.v2";

    private final RoundLoop coordinator;
    private final RunSettings settings;
    private final ModelSpec modelSpec;
    private final TensorChunker downlink;

    BaseStationService(RoundLoop coordinator, ModelSpec modelSpec) {
        this.coordinator = coordinator;
        this.settings = coordinator.settings();
        this.modelSpec = modelSpec;
        this.downlink = new TensorChunker(settings.maxChunkPayloadBytes(), Rounding.NEAREST);
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        try {
            if (!request.getProtocolVersionsList().contains(PROTOCOL_VERSION)) {
                throw new Refusal(Refusal.Kind.MALFORMED, "RegisterRequest.protocol_versions must include "
                        + PROTOCOL_VERSION + ", got " + request.getProtocolVersionsList());
            }
            DeviceCapabilities c = request.getCapabilities();
            DeviceInfo info;
            try {
                info = new DeviceInfo(request.getDeviceName(), c.getJvmVersion() + " " + c.getJvmVendor(), c.getOs(),
                        c.getAvailableProcessors(), c.getMaxHeapBytes(), c.getMaxInboundMessageBytes(), c.getBackend(),
                        c.getVectorized());
            } catch (IllegalArgumentException e) {
                throw new Refusal(Refusal.Kind.MALFORMED, e.getMessage());
            }
            PeerIdentity caller = PeerIdentity.current();
            if (caller != null && !caller.deviceName().equals(info.name())) {
                throw new Refusal(Refusal.Kind.IDENTITY, "RegisterRequest.device_name is '" + info.name()
                        + "', the client certificate is device '" + caller.deviceName() + "'s");
            }
            Registration r = coordinator.register(info, caller == null ? null : caller.certificateSha256());
            response.onNext(RegisterResponse.newBuilder()
                    .setProtocolVersion(PROTOCOL_VERSION)
                    .setRunId(r.runId())
                    .setSessionId(r.sessionId())
                    .setDeviceIndex(r.deviceIndex())
                    .setDeviceCount(settings.devices())
                    .setRunSeed(settings.seed())
                    .setPartition(PartitionMessages.toProto(settings.partitioner(), settings.seed(), settings.devices(),
                            r.deviceIndex(), settings.dataset(), new java.util.TreeMap<>(settings.datasetSha256())))
                    .setModel(modelSpec)
                    .setMaxChunkPayloadBytes(settings.maxChunkPayloadBytes())
                    .build());
            response.onCompleted();
        } catch (Refusal e) {
            response.onError(status(e).asRuntimeException());
        }
    }

    @Override
    public void fetchTask(TaskRequest request, StreamObserver<TaskMessage> response) {
        ServerCallStreamObserver<TaskMessage> call = (ServerCallStreamObserver<TaskMessage>) response;
        CompletableFuture<Poll> poll;
        try {
            checkRun(request.getRunId());
            poll = coordinator.poll(request.getDeviceIndex(), request.getSessionId(), request.getLastRound(),
                    PeerIdentity.currentCredential());
        } catch (Refusal e) {
            response.onError(status(e).asRuntimeException());
            return;
        }
        call.setOnCancelHandler(() -> coordinator.cancelPoll(request.getDeviceIndex(), poll));
        poll.thenAccept(p -> {
            if (call.isCancelled()) {
                return;
            }
            try {
                if (p instanceof Poll.Assigned a) {
                    sendTask(a.task(), call);
                } else if (p instanceof Poll.Ended e) {
                    call.onNext(TaskMessage.newBuilder().setRunEnded(RunEnded.newBuilder().setReason(e.reason())).build());
                } else {
                    call.onNext(TaskMessage.newBuilder().setIdle(Idle.getDefaultInstance()).build());
                }
                call.onCompleted();
            } catch (StatusRuntimeException | IllegalStateException e) {
                // the device hung up while its answer was being sent; it polls again after reconnecting
            }
        });
    }

    private void sendTask(Task task, StreamObserver<TaskMessage> out) {
        out.onNext(TaskMessage.newBuilder().setHeader(TaskHeader.newBuilder()
                .setRound(task.round())
                .setTrainingPrecision(PrecisionMessages.toProto(task.training()))
                .setLocalSteps(task.localSteps())
                .setLearningRate(task.learningRate())
                .setBatchSize(task.batchSize())
                .setDeadlineMs(task.deadlineMillis())
                .setSelectedCount(task.selectedCount())
                .addAllTensors(ModelMessages.specs(task.taskTensors()))
                .addAllUpdateTensors(ModelMessages.specs(task.updateTensors()))).build());
        long chunks = 0;
        List<ExpectedTensor> tensors = task.taskTensors();
        for (int i = 0; i < tensors.size(); i++) {
            chunks += downlink.write(tensors.get(i), task.model().tensor(i), 0L,
                    c -> out.onNext(TaskMessage.newBuilder().setChunk(c).build()));
        }
        out.onNext(TaskMessage.newBuilder().setEnd(TaskEnd.newBuilder().setChunkCount(chunks)).build());
    }

    @Override
    public StreamObserver<UpdateMessage> submitUpdate(StreamObserver<UpdateAck> response) {
        return new UpdateStream(response);
    }

    /** One SubmitUpdate call: header, chunks, trailer, then the client's half-close. */
    private final class UpdateStream implements StreamObserver<UpdateMessage> {

        private final StreamObserver<UpdateAck> response;
        private UpdateSubmission submission;
        private TensorAssembler assembler;
        private UpdateReport report;
        private long bytes;
        private boolean done;

        UpdateStream(StreamObserver<UpdateAck> response) {
            this.response = response;
        }

        @Override
        public void onNext(UpdateMessage message) {
            if (done) {
                return;
            }
            bytes += message.getSerializedSize();
            try {
                switch (message.getKindCase()) {
                    case HEADER -> header(message.getHeader());
                    case CHUNK -> {
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
                fail(e.kind() == Refusal.Kind.MALFORMED, status(e));
            } catch (WireFormatException | IllegalArgumentException e) {
                fail(true, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            }
        }

        private void header(UpdateHeader h) {
            if (submission != null) {
                throw new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: a second header in one update");
            }
            checkRun(h.getRunId());
            submission = coordinator.beginUpdate(h.getDeviceIndex(), h.getSessionId(), h.getRound(),
                    PeerIdentity.currentCredential());
            assembler = new TensorAssembler(submission.expected(), settings.maxChunkPayloadBytes(), submission);
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
        public void onError(Throwable t) {
            if (!done) {
                done = true;
                if (submission != null) {
                    submission.fail("the stream broke off: " + Status.fromThrowable(t), false);
                }
            }
        }

        @Override
        public void onCompleted() {
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
                submission.complete(report, bytes, assembler.payloadBytes());
                done = true;
                response.onNext(UpdateAck.newBuilder().setRound(submission.round()).setBytesReceived(bytes).build());
                response.onCompleted();
            } catch (Refusal e) {
                done = true;
                response.onError(status(e).asRuntimeException());
            }
        }

        private void fail(boolean malformed, Status status) {
            done = true;
            if (submission != null) {
                submission.fail(status.getDescription(), malformed);
            }
            response.onError(status.asRuntimeException());
        }
    }

    private static UpdateReport report(UpdateTrailer t) {
        return new UpdateReport(t.getForwardMacsPerSample(), t.getBackwardMacsPerSample(), t.getWeights(),
                t.getOutputsPerSample(), t.getSamplesUsed(), t.getLocalSteps(), t.getComputeSeconds(),
                t.getMeanLocalLoss(), t.getMeanSquaredGradientNorm(), t.getGradientVariance(), t.getBytesSent());
    }

    private void checkRun(String runId) {
        if (!coordinator.runId().equals(runId)) {
            throw new Refusal(Refusal.Kind.PRECONDITION, "run_id must be " + coordinator.runId() + ", got '"
                    + runId + "'");
        }
    }

    static Status status(Refusal e) {
        Status s = switch (e.kind()) {
            case MALFORMED -> Status.INVALID_ARGUMENT;
            case PRECONDITION, RUN_STATE -> Status.FAILED_PRECONDITION;
            case DUPLICATE -> Status.ALREADY_EXISTS;
            case LATE -> Status.DEADLINE_EXCEEDED;
            case BUSY -> Status.RESOURCE_EXHAUSTED;
            case INTERNAL -> Status.INTERNAL;
            case IDENTITY -> Status.PERMISSION_DENIED;
        };
        return s.withDescription(e.getMessage());
    }
}
