package org.fedqnn.qnn.train;

import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trainable tensor: full-precision shadow weights, the weights the forward pass uses
 * ({@code Q(shadow)} when quantized, the shadow itself otherwise) and the gradient buffer.
 * Not thread-safe.
 */
final class Param {

    final String name;
    final long[] shape;
    final int layer;
    /** 0 for a layer's weights, 1 for its bias: the two draw from separate child streams. */
    final int part;
    final boolean quantized;
    /** The fixed output scale of this tensor's layer ({@link LayerScale}); 1 when unscaled. */
    final float scale;
    final INDArray shadow;
    final INDArray weight;
    final INDArray grad;

    Param(String name, long[] shape, int layer, int part, boolean quantized, float scale) {
        this.scale = scale;
        this.part = part;
        this.name = name;
        this.shape = shape.clone();
        this.layer = layer;
        this.quantized = quantized;
        this.shadow = Nd4j.create(DataType.FLOAT, shape, 'c');
        this.weight = quantized ? Nd4j.create(DataType.FLOAT, shape, 'c') : shadow;
        this.grad = Nd4j.create(DataType.FLOAT, shape, 'c');
    }

    /**
     * Draws the step's {@code w^Q = Q(w)} with the stochastic quantizer of eq. (4), from
     * {@code child(keys.key(WEIGHT_QUANTIZATION, layer), part)}.
     */
    void quantizeForTraining(Quantizer stochastic, StepKeys keys) {
        if (quantized) {
            weight.assign(shadow);
            stochastic.quantizeInPlace(weight,
                    StreamKey.child(keys.key(StreamKey.Purpose.WEIGHT_QUANTIZATION, layer), part));
        }
    }

    /** {@code w^Q} rounded to nearest, the deterministic model used for evaluation. */
    void quantizeForEvaluation(Quantizer nearest) {
        if (quantized) {
            if (nearest.rounding() != Rounding.NEAREST) {
                throw new IllegalArgumentException("evaluation quantizer must round to nearest");
            }
            weight.assign(shadow);
            nearest.quantizeInPlace(weight, 0L);
        }
    }

    long length() {
        return shadow.length();
    }
}
