package org.fedqnn.server.strategy;

import java.util.Objects;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;

/**
 * Eq. (8) exactly: the mean of the K' accepted deltas, summed in the {@link FedAvgAccumulator}
 * (integers at 2^-40, so any mix of bit widths adds exactly and in any order), added to w_t,
 * then the weights of quantized layers clipped to [-1, 1] as every local step clips them
 * (eq. 6). The divisor is the number of updates received, not the samples they used. Not
 * thread-safe: {@link #add} runs under the round loop's lock.
 */
public final class FedAvgAggregation implements Aggregation {

    private final ModelLayout layout;
    private final FedAvgAccumulator sum;

    public FedAvgAggregation(ModelLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.sum = new FedAvgAccumulator(layout.taskTensors());
    }

    @Override
    public String problemWith(int device, float[][] delta) {
        return sum.problemWith(delta, layout.taskTensors());
    }

    @Override
    public void add(int device, float[][] delta) {
        sum.add(delta);
    }

    @Override
    public int count() {
        return sum.count();
    }

    @Override
    public GlobalModel next(GlobalModel current) {
        float[][] out = new float[current.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] mean = new float[current.tensor(i).length];
            sum.meanInto(i, mean);
            float[] w = current.tensor(i);
            boolean clip = layout.clipped(i);
            for (int j = 0; j < mean.length; j++) {
                float v = w[j] + mean[j];
                mean[j] = clip ? Math.max(-1f, Math.min(1f, v)) : v;
            }
            out[i] = mean;
        }
        return new GlobalModel(current.round() + 1, out);
    }
}
