package org.fedqnn.cli;

import java.util.Arrays;
import java.util.Locale;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.LearningRate;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.train.StepKeys;
import org.fedqnn.server.measures.ModelEvaluator;

/**
 * Epochs of centralised training: each epoch shuffles the training samples with
 * {@code derive(seed, SHUFFLE, epoch, 0, 0)}, runs every full batch (a last partial batch is
 * dropped) at {@code eta_t} with t = epoch, then evaluates on the test samples. Not thread-safe.
 */
final class CentralTrainer {

    private final QnnNetwork net;
    private final LabeledImages train;
    private final FeatureScaling scaling;
    private final int batch;
    private final long seed;
    private final int[] trainIndices;
    private final ModelEvaluator evaluator;
    private final LearningRate schedule;
    private final float[] features;
    private final int[] labels;
    private long step;

    CentralTrainer(QnnNetwork net, LabeledImages train, LabeledImages test, FeatureScaling scaling, int batch,
                   long seed, int trainLimit, int testLimit, LearningRate schedule) {
        this.net = net;
        this.train = train;
        this.scaling = scaling;
        this.batch = batch;
        this.seed = seed;
        this.schedule = schedule;
        int[] all = SeededShuffle.permutation(train.count(), StreamKey.derive(seed, StreamKey.Purpose.SHUFFLE, 0, 0, 1));
        int n = trainLimit == 0 ? train.count() : Math.min(trainLimit, train.count());
        this.trainIndices = Arrays.copyOf(all, n);
        Arrays.sort(trainIndices);
        this.evaluator = new ModelEvaluator(net, test, scaling, testLimit);
        if (n < batch) {
            throw new IllegalArgumentException("batch " + batch + " is larger than the " + n + " training samples");
        }
        this.features = new float[batch * net.inputSize()];
        this.labels = new int[batch];
    }

    int trainSamples() {
        return trainIndices.length;
    }

    /** One epoch's figures. */
    record EpochResult(int epoch, double learningRate, double trainLoss, Evaluation test, double samplesPerSecond,
                       double trainSeconds, double evalSeconds) {

        String line(int epochs) {
            return String.format(Locale.ROOT, "epoch %3d/%d  eta %.4f  train loss %.4f  test loss %.4f  "
                            + "test acc %6.2f%%  %5.0f samples/s  %6.1f s", epoch + 1, epochs, learningRate, trainLoss,
                    test.meanLoss(), 100 * test.accuracy(), samplesPerSecond, trainSeconds + evalSeconds);
        }
    }

    EpochResult epoch(int epoch, int epochs, ProgressLine progress) {
        double lr = schedule.at(epoch);
        int[] order = SeededShuffle.shuffled(trainIndices,
                StreamKey.derive(seed, StreamKey.Purpose.SHUFFLE, epoch, 0, 0));
        int batches = order.length / batch;
        long start = System.nanoTime();
        double lossSum = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * batch;
            Tensors.featuresNhwc(train, order, from, from + batch, scaling, features);
            Tensors.labels(train, order, from, from + batch, labels);
            lossSum += net.trainStep(features, labels, batch, lr, new StepKeys(seed, epoch, 0, step++));
            progress.update(epoch, epochs, b + 1, batches, lossSum / (b + 1),
                    (double) (b + 1) * batch / ((System.nanoTime() - start) / 1e9));
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        progress.clear();
        long evalStart = System.nanoTime();
        Evaluation eval = evaluate();
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        return new EpochResult(epoch, lr, lossSum / batches, eval, (double) batches * batch / trainSeconds,
                trainSeconds, evalSeconds);
    }

    /** Loss and accuracy of the current model on the test samples. */
    Evaluation evaluate() {
        return evaluator.evaluate();
    }
}
