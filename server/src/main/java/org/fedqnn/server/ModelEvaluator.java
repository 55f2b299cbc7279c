package org.fedqnn.server;

import java.util.Objects;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.QnnNetwork;

/**
 * Evaluates a global model on the test set with the deterministic fixed-point network a device
 * would deploy (weights and activations rounded to nearest at n bits, or float32). Not
 * thread-safe: the coordinator calls it from its own thread.
 */
public final class ModelEvaluator {

    private static final int BATCH = 500;

    private final QnnNetwork net;
    private final LabeledImages test;
    private final FeatureScaling scaling;
    private final int[] indices;
    private final float[] features;
    private final int[] labels;

    /**
     * @param net     a network of the run's model at n (its weights are overwritten)
     * @param test    the test images
     * @param scaling the run's feature scaling
     * @param limit   evaluate on the first this many samples; 0 for all
     */
    public ModelEvaluator(QnnNetwork net, LabeledImages test, FeatureScaling scaling, int limit) {
        this.net = Objects.requireNonNull(net, "net");
        this.test = Objects.requireNonNull(test, "test");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        int m = limit == 0 ? test.count() : Math.min(limit, test.count());
        indices = new int[m];
        for (int i = 0; i < m; i++) {
            indices[i] = i;
        }
        features = new float[BATCH * net.inputSize()];
        labels = new int[BATCH];
    }

    /** Test samples evaluated on. */
    public int samples() {
        return indices.length;
    }

    /** Loss and accuracy of {@code model} on the test samples. */
    public Evaluation evaluate(GlobalModel model) {
        for (int i = 0; i < model.size(); i++) {
            net.setParameterValues(i, model.tensor(i));
        }
        Evaluation total = Evaluation.EMPTY;
        for (int from = 0; from < indices.length; from += BATCH) {
            int to = Math.min(indices.length, from + BATCH);
            Tensors.featuresNhwc(test, indices, from, to, scaling, features);
            Tensors.labels(test, indices, from, to, labels);
            total = total.plus(net.evaluate(features, labels, to - from));
        }
        return total;
    }
}
