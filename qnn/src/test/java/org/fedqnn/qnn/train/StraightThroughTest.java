package org.fedqnn.qnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StraightThroughTest {

    /** Inputs inside (0.05 .. 0.95) and outside (< 0, > 1) the ReLU1 clipping range. */
    static final float[] X = {-0.7f, -0.01f, 0.05f, 0.3f, 0.62f, 0.95f, 1.01f, 1.8f};

    private static float[] forward(ActivationStage stage, float[] x, int bits, Rounding rounding) {
        INDArray in = Nd4j.createFromArray(x).reshape(1, x.length).castTo(DataType.FLOAT);
        Pass pass = new Pass(true, new StepKeys(1, 0, 0, 0), new Quantizer(FixedPointFormat.of(bits), rounding));
        return stage.forward(in, pass).dup().data().asFloat();
    }

    @Test
    void gradientThroughQuantizedActivationIsTheNumericSlopeOfTheClip() {
        float h = 1e-3f;
        for (int bits : new int[] {4, 8}) {
            ActivationStage stage = new ActivationStage(new long[] {X.length}, 0f, 1f, true, 1);
            // The forward output is on the n-bit grid and inside [0, 1 - kappa].
            FixedPointFormat f = FixedPointFormat.of(bits);
            for (float v : forward(stage, X, bits, Rounding.STOCHASTIC)) {
                assertTrue(f.isOnGrid(v) && v >= 0 && v <= f.maxValue(), "output " + v + " at n=" + bits);
            }
            INDArray g = Nd4j.ones(DataType.FLOAT, 1, X.length).muli(0.5);
            float[] analytic = stage.backward(g, true).data().asFloat();
            // Numeric slope of the clipped activation (quantization at n = 24 is below the step h).
            ActivationStage fine = new ActivationStage(new long[] {X.length}, 0f, 1f, true, 1);
            float[] plus = new float[X.length];
            float[] minus = new float[X.length];
            for (int i = 0; i < X.length; i++) {
                plus[i] = X[i] + h;
                minus[i] = X[i] - h;
            }
            float[] up = forward(fine, plus, 24, Rounding.NEAREST);
            float[] down = forward(fine, minus, 24, Rounding.NEAREST);
            for (int i = 0; i < X.length; i++) {
                double slope = (up[i] - down[i]) / (2.0 * h);
                boolean inside = X[i] > 0 && X[i] < 1;
                assertEquals(inside ? 1.0 : 0.0, slope, 1e-2, "numeric slope at x = " + X[i]);
                assertEquals(0.5 * slope, analytic[i], 1e-2, "STE gradient at x = " + X[i] + ", n = " + bits);
            }
        }
    }

    @Test
    void hardtanhPassesTheGradientOnlyInsideMinusOneToOne() {
        ActivationStage stage = new ActivationStage(new long[] {4}, -1f, 1f, true, 0);
        forward(stage, new float[] {-1.5f, -0.5f, 0.5f, 1.5f}, 4, Rounding.STOCHASTIC);
        float[] g = stage.backward(Nd4j.ones(DataType.FLOAT, 1, 4), true).data().asFloat();
        assertEquals(0f, g[0]);
        assertEquals(1f, g[1]);
        assertEquals(1f, g[2]);
        assertEquals(0f, g[3]);
    }

    /**
     * Back-propagation through conv, pool, clipped activations and dense against central
     * differences of the loss, at n = 24 where quantization is far below the difference step:
     * the analytic gradient the STE gives equals the numeric gradient of the clipped net.
     */
    @Test
    void networkGradientMatchesFiniteDifferences() {
        QnnConfig config = QnnConfig.paper(24).withActivationRounding(Rounding.NEAREST);
        QnnNetwork net = QnnNetwork.create(ModelSpecs.paperCnn(), ModelSpecs.MNIST_INPUT, config, 4);
        int[] y = new int[8];
        float[] x = QnnNetworkTest.batch(8, 3, y)[0];
        for (int i = 0; i < x.length; i++) {
            x[i] *= 2.5f; // drive some pre-activations past 1, outside the clip
        }
        float[][] start = new float[net.parameters().size()][];
        for (int i = 0; i < start.length; i++) {
            start[i] = net.parameterValues(i);
        }
        net.trainStep(x, y, 8, 1e-30, new StepKeys(1, 0, 0, 0));
        java.util.List<Param> params = new java.util.ArrayList<>();
        for (Stage s : net.stagesForTest()) {
            params.addAll(s.params());
        }
        int checked = 0;
        for (int t = 0; t < params.size(); t += 2) {
            float[] grad = params.get(t).grad.data().asFloat();
            for (int k : new int[] {0, grad.length / 3, grad.length - 1}) {
                float[] w = start[t].clone();
                float h = 2e-3f;
                w[k] = start[t][k] + h;
                net.setParameterValues(t, w);
                double up = net.evaluate(x, y, 8).meanLoss();
                w[k] = start[t][k] - h;
                net.setParameterValues(t, w);
                double down = net.evaluate(x, y, 8).meanLoss();
                net.setParameterValues(t, start[t]);
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, grad[k], 2e-3 + 0.05 * Math.abs(numeric),
                        params.get(t).name + "[" + k + "]");
                checked++;
            }
        }
        assertEquals(12, checked);
    }
}
