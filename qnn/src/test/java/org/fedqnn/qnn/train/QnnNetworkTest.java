package org.fedqnn.qnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkSpec;
import org.fedqnn.qnn.cost.TensorShape;
import org.junit.jupiter.api.Test;

class QnnNetworkTest {

    static final TensorShape MNIST = ModelSpecs.MNIST_INPUT;

    /** Seeded images with a learnable signal: the label brightens one horizontal band. */
    static float[][] batch(int n, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 784];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
            for (int k = 0; k < 784; k++) {
                float noise = (float) r.nextDouble() * 0.3f;
                x[i * 784 + k] = (k / 28) / 3 == labels[i] ? 0.7f + noise : noise;
            }
        }
        return new float[][] {x};
    }

    @Test
    void quantizedWeightsLieOnTheGridAndShadowWeightsStayClipped() {
        for (int bits : new int[] {2, 4, 8}) {
            QnnNetwork net = QnnNetwork.create(ModelSpecs.paperCnn(), MNIST, QnnConfig.paper(bits), 3);
            int[] y = new int[16];
            float[] x = batch(16, 5, y)[0];
            FixedPointFormat f = FixedPointFormat.of(bits);
            for (int step = 0; step < 4; step++) {
                // A large rate pushes shadow weights against the clip.
                net.trainStep(x, y, 16, 5.0, new StepKeys(1, 0, 0, step));
                for (Stage s : stagesOf(net)) {
                    for (Param p : s.params()) {
                        float[] w = p.weight.data().asFloat();
                        for (float v : w) {
                            assertTrue(f.isOnGrid(v), p.name + " value " + v + " is not on the " + bits + "-bit grid");
                        }
                        float[] shadow = p.shadow.data().asFloat();
                        for (float v : shadow) {
                            assertTrue(v >= -1f && v <= 1f, p.name + " shadow " + v + " left [-1, 1]");
                        }
                    }
                }
            }
            boolean saturated = false;
            for (int i = 0; i < net.parameters().size(); i++) {
                for (float v : net.parameterValues(i)) {
                    saturated |= Math.abs(v) == 1f;
                }
            }
            assertTrue(saturated, "rate 5 should drive some shadow weight to the clip at n=" + bits);
        }
    }

    @Test
    void floatModeNeitherQuantizesNorClips() {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.mlp(), MNIST, QnnConfig.float32(), 3);
        int[] y = new int[16];
        float[] x = batch(16, 5, y)[0];
        for (int step = 0; step < 3; step++) {
            net.trainStep(x, y, 16, 20.0, new StepKeys(1, 0, 0, step));
        }
        boolean beyond = false;
        boolean offGrid = false;
        FixedPointFormat f8 = FixedPointFormat.of(8);
        for (int i = 0; i < net.parameters().size(); i++) {
            for (float v : net.parameterValues(i)) {
                beyond |= Math.abs(v) > 1f;
                offGrid |= !f8.isOnGrid(v);
            }
        }
        assertTrue(beyond, "float32 mode must not clip to [-1, 1]");
        assertTrue(offGrid, "float32 weights are not on a fixed-point grid");
    }

    @Test
    void sameSeedSameLossesBitForBitAndAnotherSeedDiffers() {
        List<Double> a = run(ModelSpecs.paperCnn(), QnnConfig.paper(4), 11);
        List<Double> b = run(ModelSpecs.paperCnn(), QnnConfig.paper(4), 11);
        List<Double> c = run(ModelSpecs.paperCnn(), QnnConfig.paper(4), 12);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(run(ModelSpecs.paperCnn(), QnnConfig.float32(), 11),
                run(ModelSpecs.paperCnn(), QnnConfig.float32(), 11));
    }

    private static List<Double> run(NetworkSpec spec, QnnConfig config, long seed) {
        QnnNetwork net = QnnNetwork.create(spec, MNIST, config, seed);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            int[] y = new int[32];
            float[] x = batch(32, 100 + step, y)[0];
            losses.add(net.trainStep(x, y, 32, 0.1, new StepKeys(seed, 0, 0, step)));
        }
        for (int i = 0; i < net.parameters().size(); i++) {
            for (float v : net.parameterValues(i)) {
                losses.add((double) v);
            }
        }
        return losses;
    }

    @Test
    void lowPrecisionTrainingReducesTheLoss() {
        for (QnnConfig config : List.of(QnnConfig.float32(), QnnConfig.paper(4), QnnConfig.paper(32))) {
            QnnNetwork net = QnnNetwork.create(ModelSpecs.mlp(), MNIST, config, 2);
            int[] y = new int[256];
            float[] x = batch(256, 9, y)[0];
            double before = net.evaluate(x, y, 256).meanLoss();
            for (int step = 0; step < 40; step++) {
                int from = (step % 8) * 32;
                float[] xb = java.util.Arrays.copyOfRange(x, from * 784, (from + 32) * 784);
                int[] yb = java.util.Arrays.copyOfRange(y, from, from + 32);
                net.trainStep(xb, yb, 32, 0.1, new StepKeys(2, 0, 0, step));
            }
            Evaluation after = net.evaluate(x, y, 256);
            assertTrue(after.meanLoss() < 0.5 * before, config.precision() + ": loss " + before + " -> "
                    + after.meanLoss());
            assertTrue(after.accuracy() > 0.8, config.precision() + ": accuracy " + after.accuracy());
        }
    }

    @Test
    void badInputIsRefusedWithoutChangingTheModel() {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.mlp(), MNIST, QnnConfig.paper(8), 2);
        float[] before = net.parameterValues(0);
        int[] y = new int[4];
        float[] x = batch(4, 1, y)[0];
        assertThrows(IllegalArgumentException.class, () -> net.trainStep(new float[10], y, 4, 0.1,
                new StepKeys(1, 0, 0, 0)));
        int[] bad = y.clone();
        bad[2] = 10;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.trainStep(x, bad, 4, 0.1, new StepKeys(1, 0, 0, 0)));
        assertTrue(e.getMessage().contains("labels[2]"), e.getMessage());
        float[] nan = x.clone();
        nan[7] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> net.trainStep(nan, y, 4, 0.1, new StepKeys(1, 0, 0, 0)));
        assertTrue(e.getMessage().contains("features[7]"), e.getMessage());
        assertArrayEquals(before, net.parameterValues(0));
        float[] wrong = new float[3];
        e = assertThrows(IllegalArgumentException.class, () -> net.setParameterValues(0, wrong));
        assertTrue(e.getMessage().contains("dense1.weight"), e.getMessage());
        assertFalse(net.parameters().isEmpty());
    }

    @Test
    void parametersAreNamedAndShapedNhwc() {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.paperCnn(), ModelSpecs.CIFAR10_INPUT, QnnConfig.paper(8), 1);
        List<ParameterInfo> ps = net.parameters();
        assertEquals("conv1.weight", ps.get(0).name());
        assertArrayEquals(new long[] {3, 3, 3, 64}, ps.get(0).shape());
        assertArrayEquals(new long[] {4 * 4 * 256, 10}, ps.get(6).shape());
        assertEquals(227_402, net.parameterCount(), "N_s of the cost counter");
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[8 * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        int[] y = {0, 1, 2, 3, 4, 5, 6, 7};
        double first = net.trainStep(x, y, 8, 0.01, new StepKeys(1, 0, 0, 0));
        double later = first;
        for (int step = 1; step < 10; step++) {
            later = net.trainStep(x, y, 8, 0.01, new StepKeys(1, 0, 0, step));
        }
        assertTrue(later < first, "3x32x32 loss " + first + " -> " + later);
        QnnNetwork policy = QnnNetwork.create(ModelSpecs.paperCnn(), MNIST,
                QnnConfig.paper(8).withLayers(LayerPolicy.FLOAT_FIRST_LAST), 1);
        assertFalse(policy.parameters().get(0).quantized());
        assertTrue(policy.parameters().get(2).quantized());
        assertFalse(policy.parameters().get(7).quantized());
    }

    static List<Stage> stagesOf(QnnNetwork net) {
        return net.stagesForTest();
    }
}
