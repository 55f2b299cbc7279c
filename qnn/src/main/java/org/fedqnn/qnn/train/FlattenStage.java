package org.fedqnn.qnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Flattens {@code [batch, h, w, c]} to {@code [batch, h*w*c]} in NHWC order (a view). */
final class FlattenStage extends Stage {

    FlattenStage(long[] in) {
        super(in, new long[] {in[0] * in[1] * in[2]});
    }

    @Override
    INDArray forward(INDArray x, Pass pass) {
        return x.reshape('c', x.size(0), out[0]);
    }

    @Override
    INDArray backward(INDArray gradOut, boolean needInputGrad) {
        return needInputGrad ? gradOut.reshape('c', batched((int) gradOut.size(0), in)) : null;
    }
}
