package org.fedqnn.qnn.train;

import org.fedqnn.qnn.cost.Pool2d;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link Pool2d}, max or average. */
final class PoolStage extends Stage {

    private final boolean max;
    private final Ops.Window window;
    private INDArray input;
    private INDArray output;
    private INDArray gradIn;

    PoolStage(String name, Pool2d spec, long[] in, long[] out) {
        super(in, out);
        this.max = spec.type() == Pool2d.Type.MAX;
        this.window = Ops.Window.of(spec.kernelHeight(), spec.kernelWidth(), spec.strideHeight(),
                spec.strideWidth(), spec.padding(), name);
    }

    boolean isMax() {
        return max;
    }

    Ops.Window window() {
        return window;
    }

    @Override
    INDArray forward(INDArray x, Pass pass) {
        int batch = (int) x.size(0);
        output = sized(output, batch, out);
        gradIn = sized(gradIn, batch, in);
        input = x;
        Ops.pool(max, x, output, window);
        return output;
    }

    @Override
    INDArray backward(INDArray gradOut, boolean needInputGrad) {
        if (!needInputGrad) {
            return null;
        }
        Ops.poolBackward(max, input, gradOut, gradIn, window);
        return gradIn;
    }
}
