package org.fedqnn.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.convert.PrecisionMessages;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.DataPartition;
import org.fedqnn.proto.v2.RegisterRequest;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.RunEnded;
import org.fedqnn.proto.v2.TaskEnd;
import org.fedqnn.proto.v2.TaskHeader;
import org.fedqnn.proto.v2.TaskMessage;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.proto.v2.UpdateAck;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;

/**
 * A test-only base station: registers devices by name (a name comes back to its index with a
 * new session), serves each device one task of round {@link #ROUND} with real w_t, then
 * RunEnded; records every call. Failures are scripted by the counters. Thread-safe.
 */
final class FakeBaseStation extends BaseStationGrpc.BaseStationImplBase {

    static final long ROUND = 3;
    static final int LOCAL_STEPS = 4;
    static final int BATCH = 16;
    static final double LEARNING_RATE = 0.05;
    static final Precision PRECISION = Precision.fixed(8);
    static final int MAX_CHUNK_PAYLOAD = 4096;
    static final long WEIGHT_SEED = 5;
    static final String END_REASON = "maximum rounds";

    final ModelDescription model = Fixtures.MLP;
    final QnnNetwork net = model.create(PRECISION, WEIGHT_SEED);
    final ModelLayout layout = new ModelLayout(net.parameters(), PRECISION);
    final List<ExpectedTensor> taskTensors = layout.taskTensors();
    final List<ExpectedTensor> updateTensors = layout.updateTensors(PRECISION);

    /** Register calls to answer UNAVAILABLE before answering properly. */
    final AtomicInteger registerFailures = new AtomicInteger();
    /** FetchTask calls to answer UNAVAILABLE. */
    final AtomicInteger fetchFailures = new AtomicInteger();
    /** SubmitUpdate calls to answer RESOURCE_EXHAUSTED. */
    final AtomicInteger busyAnswers = new AtomicInteger();
    /** Send the task without TaskEnd. */
    volatile boolean truncateTask;
    /** Hold every FetchTask open without an answer. */
    volatile boolean holdFetches;
    /** Replaces the checksum of every pinned file (null: the true ones). */
    volatile String pinnedSha256;

    final CountDownLatch fetchHeld = new CountDownLatch(1);
    final List<RegisterRequest> registers = Collections.synchronizedList(new ArrayList<>());
    final List<TaskRequest> fetches = Collections.synchronizedList(new ArrayList<>());
    final List<List<UpdateMessage>> updates = Collections.synchronizedList(new ArrayList<>());
    final List<String> sessions = Collections.synchronizedList(new ArrayList<>());

    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Map<Integer, String> sessionByIndex = new HashMap<>();
    private final Set<Integer> served = new HashSet<>();

    List<float[]> weights() {
        List<float[]> w = new ArrayList<>();
        for (int i = 0; i < net.parameters().size(); i++) {
            w.add(net.parameterValues(i));
        }
        return w;
    }

    @Override
    public synchronized void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        registers.add(request);
        if (registerFailures.getAndDecrement() > 0) {
            response.onError(Status.UNAVAILABLE.withDescription("scripted").asRuntimeException());
            return;
        }
        int index = indexByName.computeIfAbsent(request.getDeviceName(), n -> indexByName.size());
        String session = "session-" + registers.size();
        sessionByIndex.put(index, session);
        sessions.add(session);
        DataPartition partition = Fixtures.iid(index);
        if (pinnedSha256 != null) {
            var ref = partition.getDataset().toBuilder();
            for (int i = 0; i < ref.getFilesCount(); i++) {
                ref.setFiles(i, ref.getFiles(i).toBuilder().setSha256(pinnedSha256));
            }
            partition = partition.toBuilder().setDataset(ref).build();
        }
        response.onNext(RegisterResponse.newBuilder().setProtocolVersion("fedqnn.v2").setRunId("run-1")
                .setSessionId(session).setDeviceIndex(index).setDeviceCount(Fixtures.DEVICES)
                .setRunSeed(Fixtures.SEED).setPartition(partition).setModel(ModelMessages.toProto(model, net))
                .setMaxChunkPayloadBytes(MAX_CHUNK_PAYLOAD).build());
        response.onCompleted();
    }

    @Override
    public synchronized void fetchTask(TaskRequest request, StreamObserver<TaskMessage> response) {
        fetches.add(request);
        if (fetchFailures.getAndDecrement() > 0) {
            response.onError(Status.UNAVAILABLE.withDescription("scripted").asRuntimeException());
            return;
        }
        if (!request.getSessionId().equals(sessionByIndex.get(request.getDeviceIndex()))) {
            response.onError(Status.FAILED_PRECONDITION.withDescription("TaskRequest.session_id is stale")
                    .asRuntimeException());
            return;
        }
        if (holdFetches) {
            fetchHeld.countDown();
            return;
        }
        if (!served.add(request.getDeviceIndex())) {
            response.onNext(TaskMessage.newBuilder().setRunEnded(RunEnded.newBuilder().setReason(END_REASON)).build());
            response.onCompleted();
            return;
        }
        response.onNext(TaskMessage.newBuilder().setHeader(header()).build());
        TensorChunker chunker = new TensorChunker();
        List<float[]> w = weights();
        long chunks = 0;
        for (int i = 0; i < taskTensors.size(); i++) {
            for (TensorChunk c : chunker.chunks(taskTensors.get(i), w.get(i), 0)) {
                response.onNext(TaskMessage.newBuilder().setChunk(c).build());
                chunks++;
            }
        }
        if (!truncateTask) {
            response.onNext(TaskMessage.newBuilder().setEnd(TaskEnd.newBuilder().setChunkCount(chunks)).build());
        }
        response.onCompleted();
    }

    TaskHeader header() {
        return TaskHeader.newBuilder().setRound(ROUND).setTrainingPrecision(PrecisionMessages.toProto(PRECISION))
                .setLocalSteps(LOCAL_STEPS)
                .setLearningRate(LEARNING_RATE).setBatchSize(BATCH).setDeadlineMs(120_000).setSelectedCount(1)
                .addAllTensors(ModelMessages.specs(taskTensors))
                .addAllUpdateTensors(ModelMessages.specs(updateTensors)).build();
    }

    @Override
    public StreamObserver<UpdateMessage> submitUpdate(StreamObserver<UpdateAck> response) {
        List<UpdateMessage> messages = new ArrayList<>();
        return new StreamObserver<>() {
            @Override
            public void onNext(UpdateMessage value) {
                messages.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                updates.add(List.copyOf(messages));
                if (busyAnswers.getAndDecrement() > 0) {
                    response.onError(Status.RESOURCE_EXHAUSTED.withDescription("scripted").asRuntimeException());
                    return;
                }
                long bytes = messages.stream().mapToLong(UpdateMessage::getSerializedSize).sum();
                response.onNext(UpdateAck.newBuilder().setRound(messages.get(0).getHeader().getRound())
                        .setBytesReceived(bytes).build());
                response.onCompleted();
            }
        };
    }
}
