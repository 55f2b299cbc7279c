package org.fedqnn.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.convert.DeviceName;
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
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.Quoted;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.dispatch.Poll;
import org.fedqnn.server.dispatch.Task;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.registry.Registration;
import org.fedqnn.server.round.RoundLoop;
import org.fedqnn.server.security.PeerIdentity;

/**
 * The {@code fedqnn.v2.BaseStation} service: turns messages into calls on the
 * {@link RoundLoop} and its refusals into a {@link Status} whose description says what
 * was wrong, escaped and bounded ({@link Quoted}); each SubmitUpdate call is an
 * {@link UpdateCall}. Over mutual TLS each call carries the caller's {@link PeerIdentity}: Register
 * under a name needs that name's certificate, and every call is checked against the credential
 * its device registered with (PERMISSION_DENIED otherwise). Holds no round logic. Thread-safe.
 */
final class BaseStationService extends BaseStationGrpc.BaseStationImplBase {

    static final String PROTOCOL_VERSION = "fedqnn.v2";

    private final RoundLoop coordinator;
    private final RunSettings settings;
    private final ModelSpec modelSpec;
    private final TensorChunker downlink;
    private final ScheduledExecutorService idleTimer;
    private final Duration streamIdle;
    /** This start of the base station, sent as RegisterResponse.resume_token (see federation.proto). */
    private final String incarnation = java.util.UUID.randomUUID().toString();

    /**
     * @param idleTimer  runs the idle checks of SubmitUpdate streams
     * @param streamIdle the longest silence of an update stream before it is cancelled
     */
    BaseStationService(RoundLoop coordinator, ModelSpec modelSpec, ScheduledExecutorService idleTimer,
                       Duration streamIdle) {
        this.coordinator = coordinator;
        this.settings = coordinator.settings();
        this.modelSpec = modelSpec;
        this.downlink = new TensorChunker(settings.maxChunkPayloadBytes(), Rounding.NEAREST);
        this.idleTimer = idleTimer;
        this.streamIdle = streamIdle;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        try {
            if (!request.getProtocolVersionsList().contains(PROTOCOL_VERSION)) {
                int offered = request.getProtocolVersionsCount();
                throw new Refusal(Refusal.Kind.MALFORMED, "RegisterRequest.protocol_versions must include "
                        + PROTOCOL_VERSION + ", got " + (offered == 0 ? "none" : offered + " other, the first "
                        + Quoted.of(request.getProtocolVersions(0))));
            }
            String name = request.getDeviceName();
            DeviceCapabilities c = request.getCapabilities();
            DeviceInfo info;
            try {
                DeviceName.check("RegisterRequest.device_name", name);
                info = new DeviceInfo(name, c.getJvmVersion() + " " + c.getJvmVendor(), c.getOs(),
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
                    .setResumeToken(incarnation)
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
            checkRun(coordinator, request.getRunId());
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
        return new UpdateCall(coordinator, response, idleTimer, streamIdle);
    }

    /**
     * Checks a run id from a device. The refusal names what came, never this run's id: only a
     * registered device knows it.
     */
    static void checkRun(RoundLoop coordinator, String runId) {
        if (!coordinator.runId().equals(runId)) {
            throw new Refusal(Refusal.Kind.PRECONDITION, "run_id is not the id of this run, got "
                    + Quoted.of(runId));
        }
    }

    /** {@code status} with {@code message}, escaped and bounded ({@link Quoted#description}). */
    static Status status(Status status, String message) {
        return status.withDescription(Quoted.description(message));
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
        return status(s, e.getMessage());
    }
}
