package org.fedqnn.server;

/**
 * The global model w_t: one float array per parameter tensor, in the model's wire order. A
 * value never changes after construction; a strategy's aggregation builds w_{t+1}, so a round's tasks can
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
}
