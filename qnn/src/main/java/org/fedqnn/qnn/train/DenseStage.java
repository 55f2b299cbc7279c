package org.fedqnn.qnn.train;

import java.util.List;
import org.fedqnn.qnn.cost.Dense;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link Dense} layer, weights {@code [in, units]}, bias {@code [units]}. */
final class DenseStage extends Stage {

    private final Param weights;
    private final Param bias;
    private final float scale;
    private INDArray input;
    private INDArray output;
    private INDArray gradIn;

    DenseStage(String name, Dense spec, long[] in, int layer, boolean quantized, LayerScale scaling) {
        super(in, new long[] {spec.units()});
        this.scale = scaling.scale(in[0]);
        this.weights = new Param(name + ".weight", new long[] {in[0], spec.units()}, layer, 0, quantized,
                scale);
        this.bias = spec.bias() ? new Param(name + ".bias", new long[] {spec.units()}, layer, 1, quantized, scale)
                : null;
    }

    @Override
    INDArray forward(INDArray x, Pass pass) {
        int batch = (int) x.size(0);
        output = sized(output, batch, out);
        gradIn = sized(gradIn, batch, in);
        input = x;
        Ops.gemm(x, weights.weight, output, false, false, 0.0);
        if (bias != null) {
            output.addiRowVector(bias.weight);
        }
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
        Ops.gemm(input, gradOut, weights.grad, true, false, 0.0);
        if (bias != null) {
            bias.grad.assign(gradOut.sum(0));
        }
        if (!needInputGrad) {
            return null;
        }
        Ops.gemm(gradOut, weights.weight, gradIn, false, true, 0.0);
        return gradIn;
    }

    @Override
    List<Param> params() {
        return weightsAndBias(weights, bias);
    }
}
