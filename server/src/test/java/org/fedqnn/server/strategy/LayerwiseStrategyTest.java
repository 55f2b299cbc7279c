package org.fedqnn.server.strategy;

import org.fedqnn.qnn.wire.ModelLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedqnn.qnn.alloc.ExactAllocator;
import org.fedqnn.qnn.alloc.LayerwiseAllocator;
import org.fedqnn.qnn.alloc.PerDeviceAllocator;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.profile.DeviceProfile;
import org.fedqnn.server.profile.DeviceProfiles;
import org.junit.jupiter.api.Test;

/** FedLQ's strategy: per-device, per-tensor widths under each device's budget. */
class LayerwiseStrategyTest {

    /** Three quantized tensors of paper-CNN-like sizes and a float bias. */
    private static final ModelLayout LAYOUT = new ModelLayout(List.of(
            new ParameterInfo("conv1.weight", new long[] {3, 3, 1, 64}, true),
            new ParameterInfo("conv2.weight", new long[] {3, 3, 64, 64}, true),
            new ParameterInfo("dense.weight", new long[] {2305, 10}, true),
            new ParameterInfo("dense.bias", new long[] {10}, false)), Precision.fixed(8));
    private static final long QUANTIZED = 576 + 36864 + 23050;

    private static GlobalModel model(long t, float v) {
        return new GlobalModel(t, new float[][] {filled(576, v), filled(36864, v / 10), filled(23050, v), filled(10, 0)});
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static long quantizedBits(List<ExpectedTensor> tensors) {
        long bits = 0;
        for (ExpectedTensor t : tensors) {
            if (t.encoding().isFixedPoint()) {
                bits += (long) t.elementCount() * t.encoding().bits();
            }
        }
        return bits;
    }

    @Test
    void everySelectedDeviceMeetsItsBudgetAndSlowerLinksSendFewerBits() {
        RunSettings s = TestSettings.settings(6, 6, 2, 8, 0);
        DeviceProfiles tiers = DeviceProfiles.tiers(6, s.seed(), 5e10);
        double window = 0.1; // 100 kbit, 1 Mbit and 10 Mbit for the three tiers: about 1.6, 16 and 160 bits a weight
        LayerwiseStrategy fedLq = new LayerwiseStrategy(s, LAYOUT, tiers, new LayerwiseAllocator(), Widths.DEFAULT,
                window);
        RoundPlan plan = fedLq.configure(0, model(0, 0));
        long slowest = Long.MAX_VALUE;
        long fastest = 0;
        for (int k : plan.selected()) {
            DeviceProfile p = tiers.of(k);
            long budget = p.budgetBits(window) - 10 * 32;
            long bits = quantizedBits(plan.instruction(k).updateTensors());
            assertTrue(bits <= budget || bits == QUANTIZED * Widths.DEFAULT.min(),
                    "device " + k + ": " + bits + " bits against a budget of " + budget);
            assertEquals(32, plan.instruction(k).updateTensors().get(3).encoding().bits(), "the float bias as float32");
            if (p.uplinkBitsPerSecond() == 1e6) {
                slowest = Math.min(slowest, bits);
            }
            if (p.uplinkBitsPerSecond() == 1e8) {
                fastest = Math.max(fastest, bits);
            }
        }
        assertTrue(slowest < fastest, "1 Mbit/s devices send " + slowest + " bits, 100 Mbit/s " + fastest);
        RoundPlan again = new LayerwiseStrategy(s, LAYOUT, tiers, new LayerwiseAllocator(), Widths.DEFAULT, window)
                .configure(0, model(0, 0));
        for (int k : plan.selected()) {
            assertEquals(plan.instruction(k), again.instruction(k), "same seed and models, same allocation");
        }
    }

    @Test
    void theUpdateEnergyOfTheLastAggregationSteersTheWidths() {
        RunSettings s = TestSettings.settings(3, 3, 2, 8, 0);
        DeviceProfiles same = DeviceProfiles.homogeneous(3, 2e6, 5e10);
        LayerwiseStrategy fedLq = new LayerwiseStrategy(s, LAYOUT, same, new ExactAllocator(), Widths.DEFAULT, 0.25);
        fedLq.configure(0, model(0, 0));
        // the dense layer moved 10x more than conv2 (per value): it earns wider codes than conv2
        RoundPlan after = fedLq.configure(1, model(1, 0.01f));
        List<ExpectedTensor> t = after.instruction(0).updateTensors();
        assertTrue(t.get(2).encoding().bits() > t.get(1).encoding().bits(),
                "dense " + t.get(2).encoding().bits() + " bits, conv2 " + t.get(1).encoding().bits());
        assertTrue(quantizedBits(t) <= same.of(0).budgetBits(0.25) - 320);
    }

    /**
     * A strategy restored from another's saved state (w_{t-1} and the last model, as a checkpoint
     * keeps them) configures the next round as the original does; a fresh one, which lost w_{t-1},
     * would not; and a state of another size is refused.
     */
    @Test
    void aRestoredStateConfiguresTheNextRoundAsTheOriginal() throws java.io.IOException {
        RunSettings s = TestSettings.settings(3, 3, 2, 8, 0);
        DeviceProfiles same = DeviceProfiles.homogeneous(3, 2e6, 5e10);
        LayerwiseStrategy original = new LayerwiseStrategy(s, LAYOUT, same, new ExactAllocator(), Widths.DEFAULT, 0.25);
        original.configure(0, model(0, 0));
        original.configure(1, model(1, 0.01f));
        LayerwiseStrategy restored = new LayerwiseStrategy(s, LAYOUT, same, new ExactAllocator(), Widths.DEFAULT, 0.25);
        restored.restoreState(original.saveState());
        LayerwiseStrategy fresh = new LayerwiseStrategy(s, LAYOUT, same, new ExactAllocator(), Widths.DEFAULT, 0.25);
        GlobalModel next = model(2, 0.03f);
        RoundPlan expected = original.configure(2, next);
        RoundPlan got = restored.configure(2, next);
        RoundPlan lost = fresh.configure(2, next);
        boolean differs = false;
        for (int k : expected.selected()) {
            assertEquals(expected.instruction(k), got.instruction(k), "device " + k);
            differs |= !expected.instruction(k).equals(lost.instruction(k));
        }
        assertTrue(differs, "without w_{t-1} the widths should differ (else this test proves nothing)");
        assertThrows(java.io.IOException.class, () -> fresh.restoreState(new byte[] {1, 0, 0}));
        assertThrows(java.io.IOException.class, () -> new PaperFedAvg(s, LAYOUT).restoreState(new byte[] {0}));
    }

    @Test
    void perDeviceGivesOneWidthAndTheTrainingPrecisionIsCappedByTheProfile() {
        RunSettings s = TestSettings.settings(2, 2, 2, 8, 0);
        DeviceProfiles capped = DeviceProfiles.of("test", List.of(new DeviceProfile(1e7, 1e10, Precision.fixed(4)),
                new DeviceProfile(1e6, 1e10, Precision.FLOAT32)));
        RoundPlan plan = new LayerwiseStrategy(s, LAYOUT, capped, new PerDeviceAllocator(), Widths.DEFAULT, 0.1)
                .configure(0, model(0, 0));
        assertEquals(Precision.fixed(4), plan.instruction(0).training());
        assertEquals(Precision.fixed(8), plan.instruction(1).training());
        int[] widths = plan.instruction(1).updateTensors().stream().limit(3).mapToInt(x -> x.encoding().bits()).toArray();
        assertArrayEquals(new int[] {widths[0], widths[0], widths[0]}, widths, "one width for every tensor");
        assertThrows(IllegalArgumentException.class, () -> new LayerwiseStrategy(TestSettings.settings(2, 2, 2, 8, 0),
                LAYOUT, DeviceProfiles.homogeneous(3, 1e6, 1e9), new PerDeviceAllocator(), Widths.DEFAULT, 1));
    }

    @Test
    void theUpdatesCombineByTheChosenRule() {
        RunSettings s = TestSettings.settings(2, 2, 2, 8, 0);
        DeviceProfiles same = DeviceProfiles.homogeneous(2, 1e6, 1e10);
        LayerwiseStrategy plain = new LayerwiseStrategy(s, LAYOUT, same, new PerDeviceAllocator(), Widths.DEFAULT, 1);
        LayerwiseStrategy trimmed = new LayerwiseStrategy(s, LAYOUT, same, new PerDeviceAllocator(), Widths.DEFAULT, 1,
                new AnalyticLayerSignificance(), AggregatorChoice.parse("median"));
        RoundPlan plan = plain.configure(0, model(0, 0));
        assertTrue(plain.aggregation(plan) instanceof FedAvgAggregation);
        assertTrue(trimmed.aggregation(plan) instanceof RobustAggregation);
        assertEquals("fedlq-per-device", plain.name());
        assertEquals("fedlq-per-device, median", trimmed.name());
    }
}
