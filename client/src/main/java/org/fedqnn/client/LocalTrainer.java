package org.fedqnn.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.train.StepKeys;

/**
 * A device's local training of one round (Algorithm 1, eqs. (5)-(7)): loads w_t into the
 * network, runs I steps of {@link QnnNetwork#trainStep} at precision n and learning rate
 * eta_t, and returns the delta d = w_{t,I} - w_t per tensor with the round's figures.
 *
 * <p>Samples: the device's shard is shuffled with {@code derive(seed, SHUFFLE, t, k, 0)} and
 * step s takes the B consecutive samples from position s * B, wrapping around the shuffled
 * shard (no reshuffle). Step s draws its quantization from {@code StepKeys(seed, t, k, s)}.
 * So a round's delta depends on (seed, t, k, w_t, shard), never on which thread runs it.
 *
 * <p>One JVM keeps one network per (model, precision), shared by its devices: every task
 * overwrites all parameters from w_t, and the network keeps no other state between steps.
 * Thread-safe: every method is synchronized (devices also take turns on the
 * {@link ComputeTurn}).
 */
public final class LocalTrainer {

    private record NetworkKey(ModelDescription model, Precision precision) {
    }

    private final Map<NetworkKey, QnnNetwork> networks = new HashMap<>();
    private final Map<NetworkKey, SampleCosts> costs = new HashMap<>();

    /**
     * Trains one round.
     *
     * @param task    what to train
     * @param weights w_t, one array per parameter tensor in the model's order
     * @param shard   the device's samples
     * @throws IllegalArgumentException when w_t or the shard does not fit the model (names the tensor)
     * @throws ArithmeticException      when training diverged (a gradient is not finite)
     */
    public synchronized LocalResult train(TrainingTask task, List<float[]> weights, DeviceShard shard) {
        QnnNetwork net = network(task.model(), task.precision());
        checkInput(net.inputShape(), shard.images());
        int tensors = net.parameters().size();
        if (weights.size() != tensors) {
            throw new IllegalArgumentException("w_t must hold " + tensors + " tensors, got " + weights.size());
        }
        for (int i = 0; i < tensors; i++) {
            net.setParameterValues(i, weights.get(i));
        }
        int batch = task.batchSize();
        int[] order = SeededShuffle.shuffled(shard.indices(),
                StreamKey.derive(task.seed(), StreamKey.Purpose.SHUFFLE, task.round(), task.deviceIndex(), 0));
        float[] features = new float[Math.multiplyExact(batch, net.inputSize())];
        int[] labels = new int[batch];
        int[] picked = new int[batch];
        LabeledImages images = shard.images();
        long start = System.nanoTime();
        double lossSum = 0;
        GradientMoments moments = new GradientMoments(net);
        for (int step = 0; step < task.localSteps(); step++) {
            long first = (long) step * batch;
            for (int j = 0; j < batch; j++) {
                picked[j] = order[(int) ((first + j) % order.length)];
            }
            Tensors.featuresNhwc(images, picked, 0, batch, shard.scaling(), features);
            Tensors.labels(images, picked, 0, batch, labels);
            lossSum += net.trainStep(features, labels, batch, task.learningRate(),
                    new StepKeys(task.seed(), task.round(), task.deviceIndex(), step));
            moments.add(net);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<float[]> deltas = new ArrayList<>(tensors);
        for (int i = 0; i < tensors; i++) {
            float[] after = net.parameterValues(i);
            float[] before = weights.get(i);
            for (int j = 0; j < after.length; j++) {
                after[j] -= before[j];
            }
            deltas.add(after);
        }
        return new LocalResult(deltas, lossSum / task.localSteps(), seconds, task.samples(), task.localSteps(),
                costs(task.model(), task.precision()), moments.meanSquaredNorm(), moments.variance());
    }

    /**
     * Runs {@code use} on this JVM's network of {@code model} at {@code precision} (built on first
     * use), e.g. to check its parameters against a model message. The network must not escape.
     */
    public synchronized <T> T withNetwork(ModelDescription model, Precision precision, Function<QnnNetwork, T> use) {
        return use.apply(network(model, precision));
    }

    /** The per-sample counts of {@code model} at {@code precision}, from the cost counter. */
    public synchronized SampleCosts costs(ModelDescription model, Precision precision) {
        NetworkKey key = new NetworkKey(model, precision);
        SampleCosts c = costs.get(key);
        if (c == null) {
            QnnNetwork net = network(model, precision);
            c = SampleCosts.of(CostCounter.count(net.spec(), net.inputShape()));
            costs.put(key, c);
        }
        return c;
    }

    private QnnNetwork network(ModelDescription model, Precision precision) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        // The seed only initialises the weights, which every task overwrites from w_t.
        return networks.computeIfAbsent(new NetworkKey(model, precision), k -> model.create(precision, 0));
    }

    private static void checkInput(TensorShape input, LabeledImages images) {
        if (images.channels() != input.channels() || images.height() != input.height()
                || images.width() != input.width()) {
            throw new IllegalArgumentException("the shard's images must be " + input + " (the model's input), got "
                    + images.channels() + "x" + images.height() + "x" + images.width());
        }
    }
}
