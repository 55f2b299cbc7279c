package org.fedqnn.server.strategy;

import org.fedqnn.qnn.wire.ModelLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Parts;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.junit.jupiter.api.Test;

/** The paper's strategy (Algorithm 1, eq. (8)) and the update tensors of any widths. */
class PaperFedAvgTest {

    @Test
    void configureSelectsKOfNFromTheSeedAndAsksEveryDeviceTheSame() {
        RunSettings s = TestSettings.settings(10, 4, 3, 6, 0);
        PaperFedAvg fedAvg = new PaperFedAvg(s, Parts.layout());
        GlobalModel w = new GlobalModel(7, new float[][] {new float[6], new float[2]});
        RoundPlan plan = fedAvg.configure(2, w);
        assertArrayEquals(DeviceSelector.select(s.seed(), 2, 10, 4), plan.selected());
        for (int k : plan.selected()) {
            DeviceInstruction in = plan.instruction(k);
            assertEquals(Precision.fixed(6), in.training());
            assertEquals(3, in.localSteps());
            assertEquals(s.learningRateAt(7), in.learningRate(), "eta_t at the model's t, not the round");
            assertEquals(6, in.updateTensors().get(0).encoding().bits());
            assertFalse(in.updateTensors().get(1).encoding().isFixedPoint(), "the float layer's bias as float32");
        }
        int unselected = 0;
        while (plan.isSelected(unselected)) {
            unselected++;
        }
        int k = unselected;
        assertThrows(IllegalArgumentException.class, () -> plan.instruction(k));
    }

    @Test
    void widthsPerTensorAreCheckedAgainstTheLayerKind() {
        ModelLayout layout = Parts.layout();
        List<ExpectedTensor> t = layout.updateTensors(new int[] {3, 0});
        assertEquals(3, t.get(0).encoding().bits());
        assertEquals(32, t.get(1).encoding().bits());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layout.updateTensors(new int[] {3, 4}));
        assertTrue(e.getMessage().contains("dense.bias"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layout.updateTensors(new int[] {33, 0}));
        assertThrows(IllegalArgumentException.class, () -> layout.updateTensors(new int[] {3}));
        assertEquals(6 * 3 + 2 * 32, new DeviceInstruction(Precision.fixed(8), t, 1, 0.1, 8).payloadBits());
    }

    @Test
    void eq8OverDeltasOfMixedWidthsIsExactAndOrderIndependent() {
        ModelLayout layout = Parts.layout();
        SplittableRandom random = new SplittableRandom(5);
        List<float[][]> deltas = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            int bits = 2 + k * 2; // 2, 4, ..., 14: each device's codes are multiples of 2^(1 - bits)
            double kappa = Math.scalb(1.0, 1 - bits);
            float[][] d = Parts.delta(0);
            for (float[] t : d) {
                for (int j = 0; j < t.length; j++) {
                    t[j] = (float) (kappa * (random.nextInt(1 << bits) - (1 << (bits - 1))));
                }
            }
            deltas.add(d);
        }
        GlobalModel w = Parts.zeros();
        FedAvgAggregation inOrder = new FedAvgAggregation(layout);
        for (int k = 0; k < deltas.size(); k++) {
            inOrder.add(k, deltas.get(k));
        }
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
        Collections.shuffle(order, new java.util.Random(1));
        FedAvgAggregation shuffled = new FedAvgAggregation(layout);
        for (int k : order) {
            shuffled.add(k, deltas.get(k));
        }
        GlobalModel a = inOrder.next(w);
        GlobalModel b = shuffled.next(w);
        assertEquals(1, a.round());
        for (int i = 0; i < w.size(); i++) {
            assertArrayEquals(a.tensor(i), b.tensor(i));
            for (int j = 0; j < w.tensor(i).length; j++) {
                double sum = 0;
                for (float[][] d : deltas) {
                    sum += d[i][j];
                }
                float v = w.tensor(i)[j] + (float) (sum / deltas.size());
                float expected = layout.clipped(i) ? Math.max(-1f, Math.min(1f, v)) : v;
                assertEquals(expected, a.tensor(i)[j], "tensor " + i + " element " + j);
            }
        }
        assertTrue(layout.clipped(0));
        assertFalse(layout.clipped(1));
    }
}
