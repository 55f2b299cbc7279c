package org.fedqnn.qnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A clipped activation {@code min(max(x, low), high)} (ReLU is {@code high = +inf}), optionally
 * followed by quantizing its output to n bits for the next weight layer. Backward is the
 * straight-through estimator: the gradient passes where {@code low < x < high} and is zero
 * elsewhere; the rounding itself passes the gradient unchanged.
 */
final class ActivationStage extends Stage {

    private final float low;
    private final float high;
    private final boolean quantizeOutput;
    private final int layer;
    private INDArray input;
    private INDArray output;

    /**
     * @param layer          index of the weight layer this activation feeds, for its random stream
     * @param quantizeOutput whether the output is quantized (the next weight layer is quantized)
     */
    ActivationStage(long[] shape, float low, float high, boolean quantizeOutput, int layer) {
        super(shape, shape);
        this.low = low;
        this.high = high;
        this.quantizeOutput = quantizeOutput;
        this.layer = layer;
    }

    float low() {
        return low;
    }

    float high() {
        return high;
    }

    boolean quantizesOutput() {
        return quantizeOutput;
    }

    @Override
    INDArray forward(INDArray x, Pass pass) {
        int batch = (int) x.size(0);
        output = sized(output, batch, out);
        input = x;
        FloatBuffers.clip(x, output, low, high);
        if (quantizeOutput) {
            pass.activationQuantizer().quantizeInPlace(output, pass.activationKey(layer));
        }
        return output;
    }

    @Override
    INDArray backward(INDArray gradOut, boolean needInputGrad) {
        if (!needInputGrad) {
            return null;
        }
        FloatBuffers.maskOutside(input, gradOut, low, high);
        return gradOut;
    }
}
