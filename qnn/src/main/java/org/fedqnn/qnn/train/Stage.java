package org.fedqnn.qnn.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One executed step of a network, NHWC, with buffers it owns for the current batch size.
 * A stage keeps what its backward pass needs from the last forward pass; the arrays it
 * returns stay valid until its next forward or backward call. Not thread-safe.
 */
abstract class Stage {

    /** Per-sample input dimensions ({@code [h, w, c]} or {@code [features]}). */
    final long[] in;
    /** Per-sample output dimensions. */
    final long[] out;

    Stage(long[] in, long[] out) {
        this.in = in.clone();
        this.out = out.clone();
    }

    /** The output for {@code input} ({@code [batch, in...]}). */
    abstract INDArray forward(INDArray input, Pass pass);

    /**
     * The gradient with respect to the last forward input, given the gradient of the output;
     * {@code null} when {@code needInputGrad} is false. Fills the gradients of {@link #params()}.
     */
    abstract INDArray backward(INDArray gradOut, boolean needInputGrad);

    /** The trainable tensors of this stage, in order. */
    List<Param> params() {
        return List.of();
    }

    /** {@code current} when it holds {@code batch} samples of {@code dims}, else a new array that does. */
    static INDArray sized(INDArray current, int batch, long[] dims) {
        if (current != null && current.size(0) == batch) {
            return current;
        }
        return org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, batched(batch, dims), 'c');
    }

    /** The weights and, when present, the bias of a weight layer. */
    static List<Param> weightsAndBias(Param weights, Param bias) {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }

    /** {@code [batch, dims...]}. */
    static long[] batched(int batch, long[] dims) {
        long[] s = new long[dims.length + 1];
        s[0] = batch;
        System.arraycopy(dims, 0, s, 1, dims.length);
        return s;
    }
}
