package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.Aggregation;
import org.fedqnn.server.strategy.DeviceInstruction;
import org.fedqnn.server.strategy.FedAvgAggregation;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.RoundPlan;
import org.junit.jupiter.api.Test;

/**
 * The strategy seam end to end over gRPC against a real base station: per-device, per-tensor
 * uplink widths chosen by a strategy reach the devices in their tasks, are enforced on the
 * updates, and aggregate exactly; and an exception inside the aggregation refuses that one update
 * and releases what it held.
 */
class StrategySeamTest {

    /** Both of N = 2 devices selected; device k, tensor l at 2 + (5 l + 7 k) mod 15 bits. */
    private static final class MixedWidths implements FederatedStrategy {

        private final RunSettings settings;
        private final ModelLayout layout;

        MixedWidths(RunSettings settings, ModelLayout layout) {
            this.settings = settings;
            this.layout = layout;
        }

        static int[] widths(int device, int tensors) {
            int[] bits = new int[tensors];
            for (int l = 0; l < tensors; l++) {
                bits[l] = 2 + (5 * l + 7 * device) % 15;
            }
            return bits;
        }

        @Override
        public String name() {
            return "mixed-widths";
        }

        @Override
        public RoundPlan configure(long round, GlobalModel model) {
            DeviceInstruction[] in = new DeviceInstruction[2];
            for (int k = 0; k < 2; k++) {
                in[k] = new DeviceInstruction(Precision.fixed(8), layout.updateTensors(widths(k, layout.size())), 1,
                        settings.learningRateAt(model.round()), settings.batchSize());
            }
            return new RoundPlan(round, 2, new int[] {0, 1}, in);
        }

        @Override
        public Aggregation aggregation(RoundPlan plan) {
            return new FedAvgAggregation(layout);
        }
    }

    @Test
    void twoDevicesAskedForDifferentWidthsPerLayerAreBothAcceptedAndAggregatedExactly() throws Exception {
        RunSettings s = StationHarness.settings(Precision.fixed(8), 2, 2, 1, Duration.ofSeconds(20));
        try (StationHarness h = new StationHarness(s, layout -> new MixedWidths(s, layout), null)) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1")};
            StationHarness.Fetched a = h.fetch(devices[0]);
            StationHarness.Fetched b = h.fetch(devices[1]);
            int tensors = a.update().size();
            for (int l = 0; l < tensors; l++) {
                assertEquals(MixedWidths.widths(0, tensors)[l], a.update().get(l).encoding().bits());
                assertEquals(MixedWidths.widths(1, tensors)[l], b.update().get(l).encoding().bits());
                assertNotEquals(a.update().get(l).encoding(), b.update().get(l).encoding(), "tensor " + l);
            }
            List<UpdateMessage> fromA = h.update(a, StationHarness.delta(a, 1));
            List<UpdateMessage> fromB = h.update(b, StationHarness.delta(b, 2));
            assertEquals(Status.Code.OK, h.submit(fromB).getCode());
            assertEquals(Status.Code.OK, h.submit(fromA).getCode());

            RunOutcome outcome = h.awaitEnd();
            float[][] da = StationHarness.decode(a, fromA);
            float[][] db = StationHarness.decode(b, fromB);
            GlobalModel w1 = outcome.model();
            assertEquals(1, w1.round());
            for (int i = 0; i < tensors; i++) {
                float[] w = w1.tensor(i);
                for (int j = 0; j < w.length; j++) {
                    // the decoded codes are dyadic with at most 16 bits: their mean is exact in double
                    float mean = (float) (((double) da[i][j] + db[i][j]) / 2);
                    float expected = Math.max(-1f, Math.min(1f, a.weights()[i][j] + mean));
                    assertEquals(expected, w[j], "tensor " + i + " element " + j);
                }
            }
        }
    }

    @Test
    void anExceptionInsideTheAggregationRefusesThatUpdateAndFreesItsUploadSlot() throws Exception {
        RunSettings base = StationHarness.settings(Precision.fixed(8), 2, 2, 1, Duration.ofSeconds(20));
        RunSettings s = TestSettings.withMaxUploads(base, 1);
        try (StationHarness h = new StationHarness(s, layout -> new FailingFor(0, s, layout), null)) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1")};
            StationHarness.Fetched a = h.fetch(devices[0]);
            StationHarness.Fetched b = h.fetch(devices[1]);
            Status refused = h.submit(h.update(a, StationHarness.delta(a, 1)));
            assertEquals(Status.Code.INTERNAL, refused.getCode(), refused.toString());
            assertTrue(refused.getDescription().contains("injected failure"), refused.getDescription());
            // with one upload slot, device 1 gets through only if device 0's refusal released it
            List<UpdateMessage> fromB = h.update(b, StationHarness.delta(b, 2));
            assertEquals(Status.Code.OK, h.submit(fromB).getCode());

            RunOutcome outcome = h.awaitEnd();
            float[][] db = StationHarness.decode(b, fromB);
            for (int i = 0; i < db.length; i++) {
                float[] w = outcome.model().tensor(i);
                for (int j = 0; j < w.length; j++) {
                    assertEquals(Math.max(-1f, Math.min(1f, a.weights()[i][j] + db[i][j])), w[j],
                            "w_1 is w_0 plus device 1's delta alone");
                }
            }
        }
    }

    /** The paper's strategy, with both devices selected and an aggregation that throws on one device's update. */
    private static final class FailingFor implements FederatedStrategy {

        private final int failing;
        private final RunSettings settings;
        private final ModelLayout layout;

        FailingFor(int failing, RunSettings settings, ModelLayout layout) {
            this.failing = failing;
            this.settings = settings;
            this.layout = layout;
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public RoundPlan configure(long round, GlobalModel model) {
            return RoundPlan.uniform(round, 2, new int[] {0, 1}, new DeviceInstruction(Precision.fixed(8),
                    layout.updateTensors(Precision.fixed(8)), 1, settings.learningRateAt(model.round()),
                    settings.batchSize()));
        }

        @Override
        public Aggregation aggregation(RoundPlan plan) {
            FedAvgAggregation fedAvg = new FedAvgAggregation(layout);
            return new Aggregation() {
                @Override
                public String problemWith(int device, float[][] delta) {
                    if (device == failing) {
                        throw new IllegalStateException("injected failure");
                    }
                    return fedAvg.problemWith(device, delta);
                }

                @Override
                public void add(int device, float[][] delta) {
                    fedAvg.add(device, delta);
                }

                @Override
                public int count() {
                    return fedAvg.count();
                }

                @Override
                public GlobalModel next(GlobalModel current) {
                    return fedAvg.next(current);
                }
            };
        }
    }
}
