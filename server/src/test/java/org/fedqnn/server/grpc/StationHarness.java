package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.proto.codec.TensorAssembler;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.codec.TensorCollector;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.DeviceCapabilities;
import org.fedqnn.proto.v2.RegisterRequest;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.TaskHeader;
import org.fedqnn.proto.v2.TaskMessage;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.proto.v2.UpdateAck;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.LayerPolicy;
import org.fedqnn.qnn.train.LayerScale;
import org.fedqnn.qnn.train.LearningRate;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.BelowQuorum;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.PaperFedAvg;
import org.junit.jupiter.api.Assumptions;

/**
 * A real base station on the in-process transport (or loopback sockets) with its round loop on a
 * thread, and a hand-driven device side that can send any message, good or bad.
 */
final class StationHarness implements AutoCloseable {

    static final int PAYLOAD = 64 * 1024;
    /** The per-sample counts of the harness's model, as a compliant device reports them. */
    static final NetworkCost COSTS = mlpCosts();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Dataset data;

    final RunSettings settings;
    final BaseStation station;
    final ManagedChannel channel;
    final BaseStationGrpc.BaseStationBlockingStub blocking;
    final BaseStationGrpc.BaseStationStub async;
    final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    private final Thread runner;

    /** A device's view of a task: the header, w_t and the update's expected tensors. */
    record Fetched(RegisterResponse device, TaskHeader header, float[][] weights, List<ExpectedTensor> update) {
    }

    static synchronized Dataset data() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        if (data == null) {
            data = DatasetLoader.load(DatasetLocator.system().locate(Catalogue.byName("fashion-mnist"),
                    Optional.empty()));
        }
        return data;
    }

    private static NetworkCost mlpCosts() {
        QnnNetwork net = model().create(Precision.fixed(8), 1);
        return CostCounter.count(net.spec(), net.inputShape());
    }

    private static ModelDescription model() {
        return new ModelDescription("mlp", ModelSpecs.MNIST_INPUT, 10, LayerPolicy.ALL, ClippedActivation.RELU1,
                Rounding.STOCHASTIC, LayerScale.POW2, Normalization.UNIT_RANGE);
    }

    static RunSettings settings(Precision precision, int devices, int perRound, int maxRounds, Duration deadline)
            throws IOException {
        return new RunSettings(model(), precision, precision, devices, perRound, 1, 8, LearningRate.DEFAULT, 3,
                "fashion-mnist", data().fileSha256(), new IidPartitioner(), maxRounds, Double.NaN, 1,
                BelowQuorum.REPEAT, 3, deadline, Duration.ofSeconds(30), Duration.ofSeconds(2), PAYLOAD, 4, 200,
                MeasureSettings.paperDefaults());
    }

    StationHarness(RunSettings settings) throws IOException {
        this(settings, null);
    }

    /** With {@code transport} null, the in-process transport. */
    StationHarness(RunSettings settings, ServerBuilder<?> transport) throws IOException {
        this(settings, layout -> new PaperFedAvg(settings, layout), transport);
    }

    /** Running the strategy {@code strategies} makes; with {@code transport} null, the in-process transport. */
    StationHarness(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                   ServerBuilder<?> transport) throws IOException {
        this(settings, strategies, transport, null);
    }

    /** As above, writing the run folder {@code folder} (null for none). */
    StationHarness(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                   ServerBuilder<?> transport, Path folder) throws IOException {
        this.settings = settings;
        String name = "station-" + NAMES.incrementAndGet();
        station = BaseStation.start(settings, strategies, data(),
                transport != null ? transport : InProcessServerBuilder.forName(name), folder, Invocation.NONE, null);
        channel = transport != null
                ? io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", station.port())
                .usePlaintext().maxInboundMessageSize(16 << 20).build()
                : InProcessChannelBuilder.forName(name).maxInboundMessageSize(16 << 20).build();
        blocking = BaseStationGrpc.newBlockingStub(channel);
        async = BaseStationGrpc.newStub(channel);
        runner = new Thread(() -> {
            try {
                outcome.complete(station.run(200));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, "station-runner");
        runner.setDaemon(true);
        runner.start();
    }

    RegisterResponse register(String device) {
        return blocking.withDeadlineAfter(10, TimeUnit.SECONDS).register(RegisterRequest.newBuilder()
                .setDeviceName(device).addProtocolVersions("fedqnn.v2")
                .setCapabilities(DeviceCapabilities.newBuilder().setJvmVersion("17").setBackend("test")).build());
    }

    /** Polls until a task arrives (at most 20 s) and decodes w_t. */
    Fetched fetch(RegisterResponse r) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            Iterator<TaskMessage> it = blocking.withDeadlineAfter(10, TimeUnit.SECONDS).fetchTask(
                    TaskRequest.newBuilder().setRunId(r.getRunId()).setSessionId(r.getSessionId())
                            .setDeviceIndex(r.getDeviceIndex()).setLastRound(-1).build());
            TaskMessage first = it.next();
            if (first.hasIdle()) {
                continue;
            }
            assertTrue(first.hasHeader(), "expected a task header, got " + first);
            TaskHeader h = first.getHeader();
            List<ExpectedTensor> tensors = ModelMessages.expected("tensors", h.getTensorsList(), r.getModel());
            TensorCollector collector = new TensorCollector(tensors);
            TensorAssembler assembler = new TensorAssembler(tensors, r.getMaxChunkPayloadBytes(), collector);
            while (true) {
                TaskMessage m = it.next();
                if (m.hasEnd()) {
                    assertEquals(assembler.chunkCount(), m.getEnd().getChunkCount());
                    break;
                }
                assembler.accept(m.getChunk());
            }
            assembler.finish();
            float[][] w = collector.completed().values().toArray(new float[0][]);
            return new Fetched(r, h, w, ModelMessages.expected("update_tensors", h.getUpdateTensorsList(),
                    r.getModel()));
        }
        throw new AssertionError("no task within 20 s");
    }

    /** A small seeded delta of the update's shapes. */
    static float[][] delta(Fetched f, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[][] d = new float[f.update().size()][];
        for (int i = 0; i < d.length; i++) {
            d[i] = new float[f.update().get(i).elementCount()];
            for (int j = 0; j < d[i].length; j++) {
                d[i][j] = (float) ((random.nextDouble() - 0.5) * 0.05);
            }
        }
        return d;
    }

    /** A compliant trailer: the run's model's own counts, I = 1 step of B = 8 samples. */
    static UpdateTrailer.Builder trailer() {
        return UpdateTrailer.newBuilder().setForwardMacsPerSample(COSTS.forwardMacs())
                .setBackwardMacsPerSample(COSTS.backwardMacs()).setWeights(COSTS.weights())
                .setOutputsPerSample(COSTS.outputs()).setSamplesUsed(8).setLocalSteps(1).setComputeSeconds(0.1)
                .setMeanLocalLoss(2.0);
    }

    /** The messages of a well-formed update of {@code delta}. */
    List<UpdateMessage> update(Fetched f, float[][] delta) {
        RegisterResponse r = f.device();
        List<UpdateMessage> out = new ArrayList<>();
        out.add(UpdateMessage.newBuilder().setHeader(UpdateHeader.newBuilder().setRunId(r.getRunId())
                .setSessionId(r.getSessionId()).setDeviceIndex(r.getDeviceIndex()).setRound(f.header().getRound()))
                .build());
        TensorChunker chunker = new TensorChunker(r.getMaxChunkPayloadBytes(), Rounding.STOCHASTIC);
        for (int i = 0; i < delta.length; i++) {
            long key = StreamKey.derive(r.getRunSeed(), StreamKey.Purpose.DELTA_QUANTIZATION, f.header().getRound(),
                    r.getDeviceIndex(), i);
            chunker.write(f.update().get(i), delta[i], key, c -> out.add(UpdateMessage.newBuilder().setChunk(c).build()));
        }
        out.add(UpdateMessage.newBuilder().setTrailer(trailer()).build());
        return out;
    }

    /** The values the chunks of {@code messages} carry, decoded as the server decodes them. */
    static float[][] decode(Fetched f, List<UpdateMessage> messages) {
        TensorCollector collector = new TensorCollector(f.update());
        TensorAssembler assembler = new TensorAssembler(f.update(), f.device().getMaxChunkPayloadBytes(), collector);
        for (UpdateMessage m : messages) {
            if (m.hasChunk()) {
                assembler.accept(m.getChunk());
            }
        }
        assembler.finish();
        return collector.completed().values().toArray(new float[0][]);
    }

    /** An observer of a SubmitUpdate call that completes {@code done} with the call's status. */
    static StreamObserver<UpdateAck> statusInto(CompletableFuture<Status> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(UpdateAck ack) {
            }

            @Override
            public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                done.complete(Status.OK);
            }
        };
    }

    /** Sends {@code messages} on one SubmitUpdate call and half-closes; the call's status. */
    Status submit(List<UpdateMessage> messages) throws Exception {
        CompletableFuture<Status> done = new CompletableFuture<>();
        StreamObserver<UpdateMessage> up = async.withDeadlineAfter(20, TimeUnit.SECONDS)
                .submitUpdate(statusInto(done));
        for (UpdateMessage m : messages) {
            up.onNext(m);
        }
        up.onCompleted();
        return done.get(30, TimeUnit.SECONDS);
    }

    /** Replaces message {@code index}'s chunk with {@code chunk}. */
    static List<UpdateMessage> withChunk(List<UpdateMessage> messages, int index, TensorChunk chunk) {
        List<UpdateMessage> copy = new ArrayList<>(messages);
        copy.set(index, UpdateMessage.newBuilder().setChunk(chunk).build());
        return copy;
    }

    RunOutcome awaitEnd() throws Exception {
        return outcome.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        station.stop("test over");
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        try {
            outcome.get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the test has asserted what it needed
        }
        station.close();
    }
}
