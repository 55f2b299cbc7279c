package org.fedqnn.server.measures;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.GlobalModel;

/**
 * Evaluates a global model on the test set (or on a sample of the training set, for F(w)) with
 * the deterministic fixed-point network a device would deploy (weights and activations rounded
 * to nearest at n bits, or float32). Not thread-safe: the coordinator calls it from its own
 * thread. Also serves {@code fedqnn train}, on the network it trains.
 *
 * <p>The samples are cut into batches of {@value #BATCH}; with {@link EvaluationWorkers} of
 * several threads the batches run in parallel, each on one worker's network. The figures are
 * summed batch by batch in batch order, each batch's loss summed sample by sample (as one
 * thread always did), so the result is the same, bit for bit, for any number of threads.
 */
public final class ModelEvaluator {

    private static final int BATCH = 500;

    private final EvaluationWorkers workers;
    private final LabeledImages test;
    private final FeatureScaling scaling;
    private final int[] indices;
    private final float[][] features;
    private final int[][] labels;

    /**
     * @param net     a network of the run's model at n (its weights are overwritten)
     * @param test    the test images
     * @param scaling the run's feature scaling
     * @param limit   evaluate on the first this many samples; 0 for all
     */
    public ModelEvaluator(QnnNetwork net, LabeledImages test, FeatureScaling scaling, int limit) {
        this(net, test, scaling, firstOf(Objects.requireNonNull(test, "test"), limit));
    }

    /**
     * @param net     a network of the run's model at n (its weights are overwritten)
     * @param images  the images to evaluate on
     * @param scaling the run's feature scaling
     * @param indices which of them, in order
     */
    public ModelEvaluator(QnnNetwork net, LabeledImages images, FeatureScaling scaling, int[] indices) {
        this(EvaluationWorkers.single(net), images, scaling, indices);
    }

    /**
     * @param workers the networks and threads to evaluate on (their weights are overwritten)
     * @param images  the images to evaluate on
     * @param scaling the run's feature scaling
     * @param limit   evaluate on the first this many samples; 0 for all
     */
    public ModelEvaluator(EvaluationWorkers workers, LabeledImages images, FeatureScaling scaling, int limit) {
        this(workers, images, scaling, firstOf(Objects.requireNonNull(images, "images"), limit));
    }

    /**
     * @param workers the networks and threads to evaluate on (their weights are overwritten)
     * @param images  the images to evaluate on
     * @param scaling the run's feature scaling
     * @param indices which of them, in order
     */
    public ModelEvaluator(EvaluationWorkers workers, LabeledImages images, FeatureScaling scaling, int[] indices) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.test = Objects.requireNonNull(images, "images");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        this.indices = indices.clone();
        for (int i : this.indices) {
            if (i < 0 || i >= images.count()) {
                throw new IllegalArgumentException("evaluation index " + i + " is outside 0.." + (images.count() - 1));
            }
        }
        features = new float[workers.threads()][BATCH * workers.net(0).inputSize()];
        labels = new int[workers.threads()][BATCH];
    }

    /**
     * An evaluator of the training loss F(w) on {@code samples} training images drawn without
     * replacement from the run seed (all of them when the set is smaller), as the loss gap needs.
     */
    public static ModelEvaluator trainingLoss(QnnNetwork net, LabeledImages train, FeatureScaling scaling,
                                              int samples, long seed) {
        return trainingLoss(EvaluationWorkers.single(net), train, scaling, samples, seed);
    }

    /** {@link #trainingLoss(QnnNetwork, LabeledImages, FeatureScaling, int, long)} on {@code workers}. */
    public static ModelEvaluator trainingLoss(EvaluationWorkers workers, LabeledImages train, FeatureScaling scaling,
                                              int samples, long seed) {
        int[] all = SeededShuffle.permutation(train.count(),
                StreamKey.derive(seed, StreamKey.Purpose.SHUFFLE, 0, -1, 0));
        int[] picked = java.util.Arrays.copyOf(all, Math.min(samples, all.length));
        java.util.Arrays.sort(picked);
        return new ModelEvaluator(workers, train, scaling, picked);
    }

    private static int[] firstOf(LabeledImages images, int limit) {
        int m = limit == 0 ? images.count() : Math.min(limit, images.count());
        int[] first = new int[m];
        for (int i = 0; i < m; i++) {
            first[i] = i;
        }
        return first;
    }

    /** Samples evaluated on. */
    public int samples() {
        return indices.length;
    }

    /** Loss and accuracy of {@code model} on the samples (the network's weights become the model's). */
    public Evaluation evaluate(GlobalModel model) {
        for (int w = 0; w < workers.threads(); w++) {
            for (int i = 0; i < model.size(); i++) {
                workers.net(w).setParameterValues(i, model.tensor(i));
            }
        }
        return run();
    }

    /**
     * Loss and accuracy of the network's current weights on the samples: the one evaluation loop,
     * for the base station's global models and for centralised training ({@code fedqnn train}).
     */
    public Evaluation evaluate() {
        workers.shareFirstWeights();
        return run();
    }

    /** Evaluates every batch on some worker, then sums the batches' figures in batch order. */
    private Evaluation run() {
        int batches = (indices.length + BATCH - 1) / BATCH;
        Evaluation[] each = new Evaluation[batches];
        AtomicInteger next = new AtomicInteger();
        workers.runAll(w -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                int from = b * BATCH;
                int to = Math.min(indices.length, from + BATCH);
                Tensors.featuresNhwc(test, indices, from, to, scaling, features[w]);
                Tensors.labels(test, indices, from, to, labels[w]);
                each[b] = workers.net(w).evaluate(features[w], labels[w], to - from);
            }
        });
        Evaluation total = Evaluation.EMPTY;
        for (Evaluation e : each) {
            total = total.plus(e);
        }
        return total;
    }
}
