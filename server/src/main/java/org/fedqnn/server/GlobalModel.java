package org.fedqnn.server;

import java.util.List;
import org.fedqnn.proto.codec.ExpectedTensor;

/**
 * The global model w_t: one float array per parameter tensor, in the model's wire order. A
 * value never changes after construction; {@link #next} builds w_{t+1}, so a round's tasks can
 * share w_t's arrays with the network while the next model is formed. Thread-safe
 * (effectively immutable: nobody writes the arrays after construction).
 */
public final class GlobalModel {

    private final long round;
    private final float[][] tensors;

    /**
     * @param round   t: the number of aggregations that formed this model
     * @param tensors the values (taken over, not copied)
     */
    public GlobalModel(long round, float[][] tensors) {
        this.round = round;
        this.tensors = tensors;
    }

    /** t. */
    public long round() {
        return round;
    }

    /** The tensor count. */
    public int size() {
        return tensors.length;
    }

    /** The values of tensor {@code i}; must not be written. */
    public float[] tensor(int i) {
        return tensors[i];
    }

    /**
     * w_{t+1} = w_t + (1/K') sum_k d_k (eq. 8), then the weights of quantized layers clipped to
     * [-1, 1] as every local step clips them (eq. 6), when {@code clip} says so for a tensor.
     */
    public GlobalModel next(FedAvgAccumulator sum, boolean[] clip, List<ExpectedTensor> shapes) {
        float[][] out = new float[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            float[] mean = new float[shapes.get(i).elementCount()];
            sum.meanInto(i, mean);
            float[] w = tensors[i];
            for (int j = 0; j < mean.length; j++) {
                float v = w[j] + mean[j];
                mean[j] = clip[i] ? Math.max(-1f, Math.min(1f, v)) : v;
            }
            out[i] = mean;
        }
        return new GlobalModel(round + 1, out);
    }
}
