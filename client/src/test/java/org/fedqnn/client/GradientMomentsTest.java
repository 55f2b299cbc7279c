package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.train.StepKeys;
import org.junit.jupiter.api.Test;

/**
 * The gradient figures against the gradients recovered from the weights themselves: in float32
 * nothing is clipped or quantized, so a step moves w by exactly -eta g.
 */
class GradientMomentsTest {

    private static final double ETA = 0.05;
    private static final int BATCH = 16;

    @Test
    void meanSquaredNormAndVarianceMatchTheStepsTheWeightsTook() {
        DeviceShard shard = Fixtures.shard(2);
        QnnNetwork net = Fixtures.MLP.create(Precision.float32(), 3);
        int tensors = net.parameters().size();
        GradientMoments moments = new GradientMoments(net);
        int steps = 3;
        double[][][] g = new double[steps][tensors][];
        float[] features = new float[BATCH * net.inputSize()];
        int[] labels = new int[BATCH];
        for (int s = 0; s < steps; s++) {
            int[] picked = java.util.Arrays.copyOfRange(shard.indices(), s * BATCH, (s + 1) * BATCH);
            Tensors.featuresNhwc(shard.images(), picked, 0, BATCH, shard.scaling(), features);
            Tensors.labels(shard.images(), picked, 0, BATCH, labels);
            float[][] before = new float[tensors][];
            for (int i = 0; i < tensors; i++) {
                before[i] = net.parameterValues(i);
            }
            net.trainStep(features, labels, BATCH, ETA, new StepKeys(1, 0, 0, s));
            moments.add(net);
            double norm = 0;
            for (int i = 0; i < tensors; i++) {
                float[] after = net.parameterValues(i);
                g[s][i] = new double[after.length];
                for (int j = 0; j < after.length; j++) {
                    g[s][i][j] = (before[i][j] - after[j]) / ETA;
                    norm += g[s][i][j] * g[s][i][j];
                }
            }
            assertEquals(norm, net.lastGradientSquaredNorm(), 1e-3 * norm + 1e-6, "||g||^2 of step " + s);
        }
        double meanSquared = 0;
        double spread = 0;
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < tensors; i++) {
                for (int j = 0; j < g[s][i].length; j++) {
                    meanSquared += g[s][i][j] * g[s][i][j] / steps;
                    double mean = (g[0][i][j] + g[1][i][j] + g[2][i][j]) / steps;
                    spread += (g[s][i][j] - mean) * (g[s][i][j] - mean) / (steps - 1);
                }
            }
        }
        assertTrue(meanSquared > 0 && spread > 0, "the batches differ, so must the gradients");
        assertEquals(meanSquared, moments.meanSquaredNorm(), 1e-3 * meanSquared);
        assertEquals(spread, moments.variance(), 2e-3 * spread);
    }

    @Test
    void oneStepHasNoSpreadToMeasure() {
        DeviceShard shard = Fixtures.shard(2);
        QnnNetwork net = Fixtures.MLP.create(Precision.fixed(8), 3);
        GradientMoments moments = new GradientMoments(net);
        float[] features = new float[BATCH * net.inputSize()];
        int[] labels = new int[BATCH];
        Tensors.featuresNhwc(shard.images(), shard.indices(), 0, BATCH, shard.scaling(), features);
        Tensors.labels(shard.images(), shard.indices(), 0, BATCH, labels);
        net.trainStep(features, labels, BATCH, ETA, new StepKeys(1, 0, 0, 0));
        moments.add(net);
        assertEquals(net.lastGradientSquaredNorm(), moments.meanSquaredNorm());
        assertTrue(moments.meanSquaredNorm() > 0);
        assertEquals(0.0, moments.variance());
    }
}
