package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.DeviceSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol over gRPC's in-process transport against a real base station: one test per kind
 * of bad update. In each, one selected device sends the bad update and gets a status naming what
 * was wrong; the other selected device sends a good one; the round's new global model must be
 * exactly w_0 plus the good delta, so the bad update changed nothing.
 */
class BaseStationProtocolTest {

    private static final long SEED = 3;

    /**
     * Runs one round of N = 3, K = 2: a bad update from the first selected device, a good one from
     * the second. A refusal the server cannot pin on the device (a header naming another device,
     * session or round) leaves the device silent, so the round closes at its 5 s deadline.
     */
    static void assertRefused(Function<Bad, List<UpdateMessage>> bad, Status.Code code, String text)
            throws Exception {
        try (StationHarness h = new StationHarness(StationHarness.settings(Precision.fixed(8), 3, 2, 1,
                Duration.ofSeconds(5)))) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1"), h.register("d2")};
            int[] selected = DeviceSelector.select(SEED, 0, 3, 2);
            int unselected = 3 - selected[0] - selected[1];
            StationHarness.Fetched a = h.fetch(devices[selected[0]]);
            StationHarness.Fetched b = h.fetch(devices[selected[1]]);
            List<UpdateMessage> good = h.update(a, StationHarness.delta(a, 1));
            Status status = h.submit(bad.apply(new Bad(h, a, good, devices[unselected])));
            assertEquals(code, status.getCode(), status.toString());
            assertTrue(status.getDescription() != null && status.getDescription().contains(text),
                    "description should contain '" + text + "': " + status.getDescription());
            List<UpdateMessage> fromB = h.update(b, StationHarness.delta(b, 2));
            assertEquals(Status.Code.OK, h.submit(fromB).getCode());

            RunOutcome outcome = h.awaitEnd();
            float[][] d = StationHarness.decode(b, fromB);
            GlobalModel w1 = outcome.model();
            assertEquals(1, w1.round());
            for (int i = 0; i < d.length; i++) {
                float[] expected = new float[d[i].length];
                for (int j = 0; j < expected.length; j++) {
                    expected[j] = Math.max(-1f, Math.min(1f, a.weights()[i][j] + d[i][j]));
                }
                assertArrayEquals(expected, w1.tensor(i), "tensor " + i + " must be w_0 + the good delta alone");
            }
        }
    }

    /** What a bad update is made from: the harness, device a's task, a good update of a, an unselected device. */
    record Bad(StationHarness h, StationHarness.Fetched task, List<UpdateMessage> good,
                       RegisterResponse unselected) {

        List<UpdateMessage> withHeader(Function<UpdateHeader.Builder, UpdateHeader.Builder> change) {
            List<UpdateMessage> copy = new ArrayList<>(good);
            copy.set(0, UpdateMessage.newBuilder().setHeader(change.apply(good.get(0).getHeader().toBuilder())).build());
            return copy;
        }

        TensorChunk firstChunk() {
            return good.get(1).getChunk();
        }
    }

    @Test
    void unknownDevice() throws Exception {
        assertRefused(b -> b.withHeader(h -> h.setDeviceIndex(7)), Status.Code.FAILED_PRECONDITION,
                "device_index 7 is not a registered device");
    }

    @Test
    void forgedSession() throws Exception {
        assertRefused(b -> b.withHeader(h -> h.setSessionId("forged")), Status.Code.FAILED_PRECONDITION,
                "not the current session");
    }

    @Test
    void wrongRound() throws Exception {
        assertRefused(b -> b.withHeader(h -> h.setRound(5)), Status.Code.FAILED_PRECONDITION,
                "round must be the current round, got 5");
    }

    @Test
    void notSelected() throws Exception {
        assertRefused(b -> b.withHeader(h -> h.setDeviceIndex(b.unselected().getDeviceIndex())
                        .setSessionId(b.unselected().getSessionId())), Status.Code.FAILED_PRECONDITION,
                "is not selected in round 0");
    }

    @Test
    void wrongShape() throws Exception {
        assertRefused(b -> StationHarness.withChunk(b.good(), 1, b.firstChunk().toBuilder().setShape(0, 999).build()),
                Status.Code.INVALID_ARGUMENT, "shape must be");
    }

    @Test
    void wrongLength() throws Exception {
        assertRefused(b -> {
            ByteString data = b.firstChunk().getData();
            return StationHarness.withChunk(b.good(), 1, b.firstChunk().toBuilder()
                    .setData(data.substring(0, data.size() - 1)).build());
        }, Status.Code.INVALID_ARGUMENT, "data must be");
    }

    @Test
    void wrongBitWidth() throws Exception {
        assertRefused(b -> {
            // a well-formed 4-bit chunk where the task asked for 8 bits
            ExpectedTensor t = b.task().update().get(0);
            ExpectedTensor at4 = new ExpectedTensor(t.name(), t.shape(), WireEncoding.fixedPoint(4));
            TensorChunk c = new TensorChunker(StationHarness.PAYLOAD, Rounding.STOCHASTIC)
                    .chunks(at4, new float[t.elementCount()], 1L).get(0);
            return StationHarness.withChunk(b.good(), 1, c);
        }, Status.Code.INVALID_ARGUMENT, "bits must be 8");
    }

    @Test
    void nanInTrailer() throws Exception {
        assertRefused(b -> {
            List<UpdateMessage> copy = new ArrayList<>(b.good());
            copy.set(copy.size() - 1, UpdateMessage.newBuilder()
                    .setTrailer(StationHarness.trailer().setMeanLocalLoss(Double.NaN)).build());
            return copy;
        }, Status.Code.INVALID_ARGUMENT, "mean_local_loss must be finite");
    }

    /**
     * The quantization variance is optional (the harness's good updates leave it unset, as a
     * device from before it does), but when set it must be a finite figure in [0, 1e15].
     */
    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, Double.NaN, Double.POSITIVE_INFINITY, 2e15})
    void badQuantizationVarianceInTrailer(double q) throws Exception {
        assertRefused(b -> {
            List<UpdateMessage> copy = new ArrayList<>(b.good());
            copy.set(copy.size() - 1, UpdateMessage.newBuilder()
                    .setTrailer(StationHarness.trailer().setQuantizationVariance(q)).build());
            return copy;
        }, Status.Code.INVALID_ARGUMENT, "UpdateTrailer.quantization_variance must be finite in [0, 1.0E15]");
    }

    @Test
    void truncatedChunkStream() throws Exception {
        assertRefused(b -> b.good().subList(0, 3), Status.Code.INVALID_ARGUMENT, "truncated update");
    }

    @Test
    void missingChunkBeforeTrailer() throws Exception {
        assertRefused(b -> {
            List<UpdateMessage> copy = new ArrayList<>(b.good());
            copy.remove(copy.size() - 2);
            return copy;
        }, Status.Code.INVALID_ARGUMENT, "stream ended after");
    }

    @Test
    void chunkOverThePayloadLimit() throws Exception {
        assertRefused(b -> StationHarness.withChunk(b.good(), 1, b.firstChunk().toBuilder()
                        .setData(ByteString.copyFrom(new byte[StationHarness.PAYLOAD + 1])).build()),
                Status.Code.INVALID_ARGUMENT, "at most " + StationHarness.PAYLOAD + " bytes");
    }

    @Test
    void messageOverTheServersMessageLimitOnRealSockets() throws Exception {
        try (StationHarness h = new StationHarness(StationHarness.settings(Precision.fixed(8), 3, 2, 1,
                Duration.ofSeconds(30)), ServerTransport.listening("127.0.0.1", 0))) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1"), h.register("d2")};
            int[] selected = DeviceSelector.select(SEED, 0, 3, 2);
            StationHarness.Fetched a = h.fetch(devices[selected[0]]);
            List<UpdateMessage> good = h.update(a, StationHarness.delta(a, 1));
            int over = StationHarness.PAYLOAD + BaseStationServer.FRAMING_ALLOWANCE_BYTES + 1;
            List<UpdateMessage> bad = StationHarness.withChunk(good, 1, good.get(1).getChunk().toBuilder()
                    .setData(ByteString.copyFrom(new byte[over])).build());
            Status status = h.submit(bad);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
            // the device may still send its good update in time
            assertEquals(Status.Code.OK, h.submit(good).getCode());
            StationHarness.Fetched b = h.fetch(devices[selected[1]]);
            assertEquals(Status.Code.OK, h.submit(h.update(b, StationHarness.delta(b, 2))).getCode());
            assertEquals(1, h.awaitEnd().model().round());
        }
    }

    @Test
    void duplicateUpdate() throws Exception {
        try (StationHarness h = new StationHarness(StationHarness.settings(Precision.fixed(8), 3, 2, 1,
                Duration.ofSeconds(30)))) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1"), h.register("d2")};
            int[] selected = DeviceSelector.select(SEED, 0, 3, 2);
            StationHarness.Fetched a = h.fetch(devices[selected[0]]);
            StationHarness.Fetched b = h.fetch(devices[selected[1]]);
            List<UpdateMessage> fromA = h.update(a, StationHarness.delta(a, 1));
            assertEquals(Status.Code.OK, h.submit(fromA).getCode());
            Status again = h.submit(h.update(a, StationHarness.delta(a, 9)));
            assertEquals(Status.Code.ALREADY_EXISTS, again.getCode(), again.toString());
            assertTrue(again.getDescription().contains("already delivered its update for round 0"));
            List<UpdateMessage> fromB = h.update(b, StationHarness.delta(b, 2));
            assertEquals(Status.Code.OK, h.submit(fromB).getCode());

            RunOutcome outcome = h.awaitEnd();
            float[][] da = StationHarness.decode(a, fromA);
            float[][] db = StationHarness.decode(b, fromB);
            for (int i = 0; i < da.length; i++) {
                float[] expected = new float[da[i].length];
                for (int j = 0; j < expected.length; j++) {
                    // 8-bit codes are multiples of 2^-7: their sum and half are exact in float
                    expected[j] = Math.max(-1f, Math.min(1f, a.weights()[i][j] + (da[i][j] + db[i][j]) / 2f));
                }
                assertArrayEquals(expected, outcome.model().tensor(i));
            }
        }
    }

    @Test
    void nanInAFloat32Delta() throws Exception {
        try (StationHarness h = new StationHarness(StationHarness.settings(Precision.float32(), 3, 2, 1,
                Duration.ofSeconds(30)))) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1"), h.register("d2")};
            int[] selected = DeviceSelector.select(SEED, 0, 3, 2);
            StationHarness.Fetched a = h.fetch(devices[selected[0]]);
            StationHarness.Fetched b = h.fetch(devices[selected[1]]);
            List<UpdateMessage> good = h.update(a, StationHarness.delta(a, 1));
            TensorChunk c = good.get(1).getChunk();
            byte[] bytes = c.getData().toByteArray();
            int nan = Float.floatToRawIntBits(Float.NaN);
            bytes[4] = (byte) nan;
            bytes[5] = (byte) (nan >>> 8);
            bytes[6] = (byte) (nan >>> 16);
            bytes[7] = (byte) (nan >>> 24);
            Status status = h.submit(StationHarness.withChunk(good, 1, c.toBuilder()
                    .setData(ByteString.copyFrom(bytes)).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
            assertTrue(status.getDescription().contains("NaN at element 1"), status.getDescription());
            List<UpdateMessage> fromB = h.update(b, StationHarness.delta(b, 2));
            assertEquals(Status.Code.OK, h.submit(fromB).getCode());
            RunOutcome outcome = h.awaitEnd();
            float[][] d = StationHarness.decode(b, fromB);
            for (int i = 0; i < d.length; i++) {
                float[] expected = new float[d[i].length];
                for (int j = 0; j < expected.length; j++) {
                    expected[j] = a.weights()[i][j] + d[i][j];
                }
                assertArrayEquals(expected, outcome.model().tensor(i), "float deltas add unclipped");
            }
            assertEquals(1, outcome.aggregations());
        }
    }

    @Test
    void registrationRefusesAFullRunAndGivesAReturningNameItsIndex() throws Exception {
        try (StationHarness h = new StationHarness(StationHarness.settings(Precision.fixed(8), 2, 1, 1,
                Duration.ofSeconds(30)))) {
            RegisterResponse d0 = h.register("d0");
            RegisterResponse d1 = h.register("d1");
            StatusRuntimeException full = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> h.register("d2"));
            assertEquals(Status.Code.FAILED_PRECONDITION, full.getStatus().getCode());
            assertTrue(full.getStatus().getDescription().contains("the run is full"));
            RegisterResponse again = h.register("d1");
            assertEquals(d1.getDeviceIndex(), again.getDeviceIndex());
            assertTrue(!again.getSessionId().equals(d1.getSessionId()));
            assertEquals(0, d0.getDeviceIndex());
            assertEquals(2, again.getPartition().getDeviceCount());
            assertEquals("mlp", again.getModel().getName());
            assertEquals(Arrays.asList(784L, 256L), again.getModel().getParameters(0).getShapeList());
        }
    }
}
