package org.fedqnn.server.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnConfig;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.train.StepKeys;
import org.fedqnn.server.GlobalModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on several threads gives the figures of the one-thread loop it replaced, bit for
 * bit: the same correct count and the same loss sum (compared as doubles, so every bit), for the
 * test set and for the training-loss sample, at n = 8 and float32.
 */
class EvaluationThreadsTest {

    private static Dataset data;
    private static FeatureScaling scaling;

    @BeforeAll
    static void load() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        data = DatasetLoader.load(DatasetLocator.system().locate(Catalogue.byName("fashion-mnist"), Optional.empty()));
        scaling = FeatureScaling.fit(data.train(), Normalization.UNIT_RANGE);
    }

    /** The evaluation loop as it was before threads: batches of 500, one network, summed in order. */
    private static Evaluation oneThreadLoop(QnnNetwork net, int[] indices, boolean train) {
        float[] features = new float[500 * net.inputSize()];
        int[] labels = new int[500];
        Evaluation total = Evaluation.EMPTY;
        for (int from = 0; from < indices.length; from += 500) {
            int to = Math.min(indices.length, from + 500);
            Tensors.featuresNhwc(train ? data.train() : data.test(), indices, from, to, scaling, features);
            Tensors.labels(train ? data.train() : data.test(), indices, from, to, labels);
            total = total.plus(net.evaluate(features, labels, to - from));
        }
        return total;
    }

    /** A model a few steps away from its initialisation, as the global model of a run is. */
    private static GlobalModel trained(QnnNetwork net, int steps) {
        int[] idx = new int[32];
        float[] x = new float[32 * net.inputSize()];
        int[] y = new int[32];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < 32; i++) {
                idx[i] = s * 32 + i;
            }
            Tensors.featuresNhwc(data.train(), idx, 0, 32, scaling, x);
            Tensors.labels(data.train(), idx, 0, 32, y);
            net.trainStep(x, y, 32, 0.05, new StepKeys(1, 0, 0, s));
        }
        float[][] w = new float[net.parameters().size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = net.parameterValues(i);
        }
        return new GlobalModel(1, w);
    }

    private static void sameFiguresOnAnyThreadCount(String model, Precision precision, int limit) {
        TensorShape shape = new TensorShape(1, 28, 28);
        QnnNetwork net = QnnNetwork.create(ModelSpecs.byName(model), shape, QnnConfig.of(precision), 1);
        GlobalModel w = trained(net, 10);
        int[] first = new int[limit];
        for (int i = 0; i < limit; i++) {
            first[i] = i;
        }
        Evaluation testBefore = oneThreadLoop(net, first, false);
        ModelEvaluator lossSample = ModelEvaluator.trainingLoss(net, data.train(), scaling, 600, 7);
        for (int threads : new int[] {1, 2, 3}) {
            try (EvaluationWorkers workers = EvaluationWorkers.of(net, threads)) {
                ModelEvaluator test = new ModelEvaluator(workers, data.test(), scaling, limit);
                ModelEvaluator loss = ModelEvaluator.trainingLoss(workers, data.train(), scaling, 600, 7);
                Evaluation t = test.evaluate(w);
                assertEquals(testBefore, t, model + " " + precision + " test set on " + threads + " threads");
                assertEquals(Double.doubleToRawLongBits(testBefore.lossSum()), Double.doubleToRawLongBits(t.lossSum()));
                Evaluation l = loss.evaluate(w);
                assertEquals(lossSample.evaluate(w), l, model + " " + precision + " training loss on " + threads
                        + " threads");
                assertEquals(t, test.evaluate(), "the current weights evaluate the same");
            }
        }
        assertTrue(testBefore.count() == limit && testBefore.correct() > 0, testBefore.toString());
    }

    @Test
    void paperCnnAtEightBitsEvaluatesTheSameOnOneTwoAndThreeThreads() {
        sameFiguresOnAnyThreadCount("paper-cnn", Precision.fixed(8), 777);
    }

    @Test
    void float32MlpEvaluatesTheSameOnOneTwoAndThreeThreads() {
        sameFiguresOnAnyThreadCount("mlp", Precision.FLOAT32, 2345);
    }

    @Test
    void zeroThreadsIsRefusedWithTheReason() {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.byName("mlp"), new TensorShape(1, 28, 28),
                QnnConfig.of(Precision.fixed(8)), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationWorkers.of(net, 0));
        assertTrue(e.getMessage().contains("evaluation threads must be >= 1, got 0"), e.getMessage());
    }
}
