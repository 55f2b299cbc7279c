package org.fedqnn.qnn.cost;

/**
 * A single layer that maps one input tensor to one output tensor, with the per-sample counts
 * of paper eq. (9) for that layer.
 *
 * <p>The counts, all per sample:
 * <ul>
 *   <li>{@link #forwardMacs}: multiply-accumulates that contract over an input dimension. Only
 *       {@link Conv2d} and {@link Dense} have any. Bias additions, pooling (comparisons or
 *       sums), batch norm, activations and other element-wise operations count 0: eq. (9)
 *       charges them per output through its O_s term, at full precision.</li>
 *   <li>{@link #weights}: trainable parameters (N_s), biases and batch-norm scale and shift
 *       included.</li>
 *   <li>{@link #buffers}: non-trainable state (batch-norm running mean and variance); not
 *       part of N_s.</li>
 *   <li>{@link #storedOutputs}: the values this layer computes and stores for the next layer
 *       and for back-propagation (its contribution to O_s). Every layer that computes new values
 *       stores its whole output, activations included; layers that only pass their input on
 *       ({@link Flatten}, {@link Identity}, {@link Dropout}) store nothing.</li>
 * </ul>
 *
 * <p>Implementations are records, immutable and thread-safe.
 */
public sealed interface Layer extends LayerSpec
        permits Conv2d, Pool2d, Dense, BatchNorm, Activation, Flatten, GlobalAvgPool, Dropout,
        Identity {

    /**
     * The output shape for one input shape.
     *
     * @throws IllegalArgumentException when the layer does not fit the input; the message names
     *                                  the layer and the shapes
     */
    TensorShape outputShape(TensorShape input);

    /** Forward multiply-accumulates per sample (see the class comment); 0 unless overridden. */
    default long forwardMacs(TensorShape input) {
        return 0;
    }

    /** Trainable parameters for this input (N_s contribution); 0 unless overridden. */
    default long weights(TensorShape input) {
        return 0;
    }

    /** Non-trainable state such as batch-norm running statistics; 0 unless overridden. */
    default long buffers(TensorShape input) {
        return 0;
    }

    /** Values computed and stored per sample (O_s contribution): the whole output by default. */
    default long storedOutputs(TensorShape input) {
        return outputShape(input).elements();
    }

    /** A message prefix naming this layer, for shape errors. */
    default String errorPrefix() {
        return kind() + " (" + describe() + ")";
    }
}
