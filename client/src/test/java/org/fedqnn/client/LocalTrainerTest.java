package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.train.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {

    private static final Precision N = Precision.fixed(8);
    private static DeviceShard shard;
    private static List<float[]> weights;

    @BeforeAll
    static void load() {
        shard = Fixtures.shard(3);
        weights = Fixtures.weights(Fixtures.MLP, N, 1);
    }

    private static TrainingTask task(long round, int device) {
        return new TrainingTask(Fixtures.MLP, round, N, 5, 0.05, 32, device, Fixtures.SEED);
    }

    @Test
    void deltaIsTheParametersAfterTrainingMinusBefore() {
        LocalTrainer trainer = new LocalTrainer();
        LocalResult result = trainer.train(task(2, 3), weights, shard);
        boolean anyChange = false;
        for (int i = 0; i < weights.size(); i++) {
            int index = i;
            float[] after = trainer.withNetwork(Fixtures.MLP, N, net -> net.parameterValues(index));
            float[] before = weights.get(i);
            float[] delta = result.delta(i);
            assertEquals(before.length, delta.length, "length of delta " + i);
            for (int j = 0; j < delta.length; j++) {
                assertEquals(after[j] - before[j], delta[j], "delta of tensor " + i + " element " + j);
                anyChange |= delta[j] != 0;
            }
        }
        assertTrue(anyChange, "five SGD steps changed no weight");
    }

    @Test
    void sameSeedRoundAndDeviceGiveBitIdenticalDeltas() {
        LocalTrainer trainer = new LocalTrainer();
        LocalResult first = trainer.train(task(2, 3), weights, shard);
        trainer.train(task(5, 9), weights, shard); // leaves other values in the shared network
        LocalResult again = trainer.train(task(2, 3), weights, shard);
        LocalResult fresh = new LocalTrainer().train(task(2, 3), weights, shard);
        for (int i = 0; i < weights.size(); i++) {
            assertArrayEquals(first.delta(i), again.delta(i), "tensor " + i + " on the reused network");
            assertArrayEquals(first.delta(i), fresh.delta(i), "tensor " + i + " on a fresh network");
        }
        assertEquals(first.meanLocalLoss(), again.meanLocalLoss());
    }

    @Test
    void anotherDeviceIndexOrRoundGivesOtherDeltas() {
        LocalTrainer trainer = new LocalTrainer();
        LocalResult device3 = trainer.train(task(2, 3), weights, shard);
        LocalResult device4 = trainer.train(task(2, 4), weights, shard);
        LocalResult round3 = trainer.train(task(3, 3), weights, shard);
        assertFalse(Arrays.equals(device3.delta(0), device4.delta(0)), "devices 3 and 4 drew the same");
        assertFalse(Arrays.equals(device3.delta(0), round3.delta(0)), "rounds 2 and 3 drew the same");
    }

    @Test
    void reportsTheFiguresOfTheRound() {
        LocalResult result = new LocalTrainer().train(task(2, 3), weights, shard);
        assertTrue(Double.isFinite(result.meanLocalLoss()) && result.meanLocalLoss() > 0,
                "mean loss " + result.meanLocalLoss());
        assertEquals(5 * 32, result.samplesUsed());
        assertEquals(5, result.localSteps());
        assertTrue(result.computeSeconds() >= 0);
        assertEquals(SampleCosts.of(CostCounter.count(ModelSpecs.mlp(), ModelSpecs.MNIST_INPUT)), result.costs());
        assertEquals(784L * 256 + 256 * 128 + 128 * 10, result.costs().forwardMacs());
        assertTrue(result.meanSquaredGradientNorm() > 0, "mean ||g||^2 " + result.meanSquaredGradientNorm());
        assertTrue(result.gradientVariance() > 0, "gradient variance " + result.gradientVariance());
    }

    @Test
    void batchesWrapAroundAShardSmallerThanTheRound() {
        DeviceShard small = new DeviceShard(shard.images(), Arrays.copyOf(shard.indices(), 5), shard.scaling());
        TrainingTask wraps = new TrainingTask(Fixtures.MLP, 0, N, 3, 0.05, 4, 3, Fixtures.SEED);
        LocalResult result = new LocalTrainer().train(wraps, weights, small);
        assertEquals(12, result.samplesUsed());
        assertTrue(Double.isFinite(result.meanLocalLoss()));
    }

    @Test
    void refusesWeightsOfTheWrongShapeNamingTheTensor() {
        List<float[]> wrong = new java.util.ArrayList<>(weights);
        wrong.set(1, new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocalTrainer().train(task(0, 3), wrong, shard));
        String name = new LocalTrainer().withNetwork(Fixtures.MLP, N, net -> net.parameters().get(1).name());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
