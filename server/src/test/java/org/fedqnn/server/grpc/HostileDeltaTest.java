package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.AggregatorChoice;
import org.fedqnn.server.strategy.PaperFedAvg;
import org.junit.jupiter.api.Test;

/**
 * The hostile delta of issue 15 over gRPC against a real base station: one of K = 5 devices sends
 * every 8-bit code at +127 (the max-code attack). It passes every wire check and is accepted;
 * under the robust aggregators w_1 is w_0 plus the coordinate-wise median or trimmed mean of the
 * five decoded deltas, computed here independently, and so never further from w_0 than the honest
 * devices' own deltas reach.
 */
class HostileDeltaTest {

    private static final int K = 5;

    @Test
    void theMedianIgnoresTheMaxCodeUpdate() throws Exception {
        assertRobust("median", values -> values[K / 2]);
    }

    @Test
    void theTrimmedMeanDropsTheMaxCodeUpdate() throws Exception {
        // beta = 0.2 of K = 5 drops one value at each end of every coordinate
        assertRobust("trimmed-mean", values -> (values[1] + values[2] + values[3]) / 3);
    }

    /** Runs one round with device 0 hostile under {@code aggregator}; {@code expected} reads sorted values. */
    private static void assertRobust(String aggregator, ToDoubleFunction<double[]> expected) throws Exception {
        RunSettings s = StationHarness.settings(Precision.fixed(8), K, K, 1, Duration.ofSeconds(30));
        AggregatorChoice choice = AggregatorChoice.parse(aggregator);
        try (StationHarness h = new StationHarness(s, layout -> new PaperFedAvg(s, layout, choice), null)) {
            List<StationHarness.Fetched> tasks = new ArrayList<>();
            var devices = new ArrayList<org.fedqnn.proto.v2.RegisterResponse>();
            for (int k = 0; k < K; k++) {
                devices.add(h.register("d" + k));
            }
            for (var d : devices) {
                tasks.add(h.fetch(d));
            }
            List<float[][]> decoded = new ArrayList<>();
            for (int k = 0; k < K; k++) {
                StationHarness.Fetched f = tasks.get(k);
                float[][] delta = k == 0 ? maxCodes(f) : StationHarness.delta(f, 10 + k);
                List<UpdateMessage> messages = h.update(f, delta);
                Status status = h.submit(messages);
                assertEquals(Status.Code.OK, status.getCode(), "device " + k + ": " + status);
                decoded.add(StationHarness.decode(f, messages));
            }
            RunOutcome outcome = h.awaitEnd();
            assertEquals(1, outcome.model().round());
            float[][] w0 = tasks.get(0).weights();
            double largest = FixedPointFormat.of(8).maxValue();
            for (int i = 0; i < w0.length; i++) {
                float[] w1 = outcome.model().tensor(i);
                for (int j = 0; j < w1.length; j++) {
                    assertEquals(largest, decoded.get(0)[i][j], 0.0, "the attack sends the largest code");
                    double[] values = new double[K];
                    double honestReach = 0;
                    for (int k = 0; k < K; k++) {
                        values[k] = decoded.get(k)[i][j];
                        if (k > 0) {
                            honestReach = Math.max(honestReach, Math.abs(values[k]));
                        }
                    }
                    Arrays.sort(values);
                    double want = Math.max(-1, Math.min(1, w0[i][j] + expected.applyAsDouble(values)));
                    assertEquals(want, w1[j], 1e-6, aggregator + ", tensor " + i + " element " + j);
                    assertTrue(Math.abs(w1[j] - w0[i][j]) <= honestReach + 1e-6,
                            "tensor " + i + " element " + j + " moved beyond the honest deltas' reach");
                }
            }
        }
    }

    /** Every value at the 8-bit format's largest: every code +127. */
    private static float[][] maxCodes(StationHarness.Fetched f) {
        float[][] d = StationHarness.delta(f, 1);
        for (float[] tensor : d) {
            Arrays.fill(tensor, (float) FixedPointFormat.of(8).maxValue());
        }
        return d;
    }
}
