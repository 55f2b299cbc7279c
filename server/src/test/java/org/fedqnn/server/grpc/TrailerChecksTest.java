package org.fedqnn.server.grpc;

import static org.fedqnn.server.grpc.BaseStationProtocolTest.assertRefused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.CostMismatch;
import org.fedqnn.server.records.RunFolder;
import org.fedqnn.server.strategy.DeviceSelector;
import org.fedqnn.server.strategy.PaperFedAvg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trailers a hostile device may send, over gRPC against a real base station: each is refused
 * naming the figure, and the round's model is w_0 plus the other device's good delta alone
 * (see {@link BaseStationProtocolTest#assertRefused}).
 */
class TrailerChecksTest {

    /** {@code b}'s good update with its trailer changed by {@code change}. */
    private static List<UpdateMessage> withTrailer(BaseStationProtocolTest.Bad b,
            Function<UpdateTrailer.Builder, UpdateTrailer.Builder> change) {
        return withTrailer(b.good(), change);
    }

    /** {@code good} with its trailer changed by {@code change}. */
    private static List<UpdateMessage> withTrailer(List<UpdateMessage> good,
            Function<UpdateTrailer.Builder, UpdateTrailer.Builder> change) {
        List<UpdateMessage> copy = new ArrayList<>(good);
        UpdateTrailer trailer = change.apply(StationHarness.trailer()).build();
        copy.set(copy.size() - 1, UpdateMessage.newBuilder().setTrailer(trailer).build());
        return copy;
    }

    @Test
    void trailerFiguresThatWouldOverflowTheLedger() throws Exception {
        assertRefused(b -> withTrailer(b, t -> t.setForwardMacsPerSample(1L << 62)
                        .setBackwardMacsPerSample(1L << 62)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.forward_macs_per_sample must be in 0..2^50");
        assertRefused(b -> withTrailer(b, t -> t.setMeanSquaredGradientNorm(1e300)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.mean_squared_gradient_norm must be finite in [0, 1.0E15]");
    }

    @Test
    void trailerCostsThatAreNotWhatTheTaskAsks() throws Exception {
        long macs = StationHarness.COSTS.forwardMacs();
        assertRefused(b -> withTrailer(b, t -> t.setForwardMacsPerSample(macs * 100)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.forward_macs_per_sample must be "
                        + macs + " (what the task asks of the model)");
        assertRefused(b -> withTrailer(b, t -> t.setSamplesUsed(1L << 40)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.samples_used must be 8");
    }

    /**
     * The same mismatching trailer as above (refused by default, {@link CostMismatch#REFUSE}) is
     * accepted under {@link CostMismatch#SUSPECT}: its row in device-rounds.csv says why it is
     * suspect and keeps the device's figure, and the ledger charged the server's own counts.
     */
    @Test
    void suspectModeAcceptsACostMismatchAndRecordsIt(@TempDir Path dir) throws Exception {
        RunSettings refuse = StationHarness.settings(Precision.fixed(8), 3, 2, 1, Duration.ofSeconds(30));
        assertEquals(CostMismatch.REFUSE, refuse.costMismatch(), "refuse is the default");
        RunSettings s = refuse.withCostMismatch(CostMismatch.SUSPECT);
        long macs = StationHarness.COSTS.forwardMacs();
        int[] selected = DeviceSelector.select(s.seed(), 0, 3, 2);
        Path run = dir.resolve("run");
        try (StationHarness h = new StationHarness(s, layout -> new PaperFedAvg(s, layout),
                ServerTransport.listening("127.0.0.1", 0), run)) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1"), h.register("d2")};
            StationHarness.Fetched a = h.fetch(devices[selected[0]]);
            StationHarness.Fetched b = h.fetch(devices[selected[1]]);
            List<UpdateMessage> fromA = withTrailer(h.update(a, StationHarness.delta(a, 1)),
                    t -> t.setForwardMacsPerSample(macs * 100));
            assertEquals(Status.Code.OK, h.submit(fromA).getCode());
            assertEquals(Status.Code.OK, h.submit(h.update(b, StationHarness.delta(b, 2))).getCode());
            assertEquals(1, h.awaitEnd().aggregations(), "both updates aggregated");
        }
        List<String[]> rows = Files.readAllLines(run.resolve(RunFolder.DEVICE_ROUNDS)).stream().skip(1)
                .map(line -> line.split(",", 18)).toList();
        String[] rowA = rows.stream().filter(r -> r[1].equals(String.valueOf(selected[0]))).findFirst().orElseThrow();
        String[] rowB = rows.stream().filter(r -> r[1].equals(String.valueOf(selected[1]))).findFirst().orElseThrow();
        assertEquals("received", rowA[3]);
        assertTrue(rowA[17].contains("suspect: UpdateTrailer.forward_macs_per_sample must be " + macs
                + " (what the task asks of the model), got " + (macs * 100)), rowA[17]);
        assertEquals(String.valueOf(macs * 100), rowA[10], "the device's own figure is kept beside");
        assertEquals(rowB[16], rowA[16], "the ledger's MACs are the server's counts for both");
        assertTrue(rowB[17].endsWith(","), "an honest row has an empty reason: " + rowB[17]);
    }
}
