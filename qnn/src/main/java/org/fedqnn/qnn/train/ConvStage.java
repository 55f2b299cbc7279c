package org.fedqnn.qnn.train;

import java.util.List;
import org.fedqnn.qnn.cost.Conv2d;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link Conv2d} (one group), weights {@code [kh, kw, inC, filters]}, bias {@code [filters]}. */
final class ConvStage extends Stage {

    private final Ops.Window window;
    private final Param weights;
    private final Param bias;
    private final float scale;
    private INDArray input;
    private INDArray output;
    private INDArray gradIn;

    ConvStage(String name, Conv2d spec, long[] in, long[] out, int layer, boolean quantized, LayerScale scaling) {
        super(in, out);
        this.scale = scaling.scale((long) spec.kernelHeight() * spec.kernelWidth() * in[2]);
        if (spec.groups() != 1) {
            throw new IllegalArgumentException(name + ": the trainer supports one group only, got "
                    + spec.groups());
        }
        this.window = Ops.Window.of(spec.kernelHeight(), spec.kernelWidth(), spec.strideHeight(),
                spec.strideWidth(), spec.padding(), name);
        this.weights = new Param(name + ".weight",
                new long[] {spec.kernelHeight(), spec.kernelWidth(), in[2], spec.filters()}, layer, 0, quantized,
                scale);
        this.bias = spec.bias() ? new Param(name + ".bias", new long[] {spec.filters()}, layer, 1, quantized, scale)
                : null;
    }

    @Override
    INDArray forward(INDArray x, Pass pass) {
        int batch = (int) x.size(0);
        output = sized(output, batch, out);
        gradIn = sized(gradIn, batch, in);
        input = x;
        Ops.conv2d(x, weights.weight, bias == null ? null : bias.weight, output, window);
        if (scale != 1f) {
            output.muli(scale);
        }
        return output;
    }

    @Override
    INDArray backward(INDArray gradOut, boolean needInputGrad) {
        if (scale != 1f) {
            gradOut.muli(scale);
        }
        // conv2d_bp always writes the input gradient; the first layer's goes to scratch.
        Ops.conv2dBackward(input, weights.weight, bias == null ? null : bias.weight, gradOut, gradIn,
                weights.grad, bias == null ? null : bias.grad, window);
        return needInputGrad ? gradIn : null;
    }

    Ops.Window window() {
        return window;
    }

    Param weights() {
        return weights;
    }

    /** The bias, or null. */
    Param bias() {
        return bias;
    }

    /** The layer's fixed output scale ({@link LayerScale}), a power of two or 1. */
    float scale() {
        return scale;
    }

    @Override
    List<Param> params() {
        return weightsAndBias(weights, bias);
    }
}
