package org.fedqnn.qnn.train;

import org.fedqnn.qnn.cost.Padding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j operations the stages run, NHWC, writing into caller-owned buffers. On the
 * oneDNN build of libnd4j (the {@code -onednn} classifier) the convolution and pooling ops and
 * their gradients run on oneDNN.
 */
final class Ops {

    /** Integer argument 9 of conv2d and 10 of the pooling ops: 1 = NHWC. */
    private static final int NHWC = 1;
    /** Weight layout [kH, kW, inC, outC]. */
    private static final int WEIGHTS_HWIO = 0;

    private Ops() {
    }

    /** Window geometry of a convolution or pooling: kernel, stride, padding mode. */
    record Window(int kh, int kw, int sh, int sw, int ph, int pw, boolean same) {

        static Window of(int kh, int kw, int sh, int sw, Padding padding, String layer) {
            if (padding instanceof Padding.Same) {
                return new Window(kh, kw, sh, sw, 0, 0, true);
            }
            if (padding instanceof Padding.Valid) {
                return new Window(kh, kw, sh, sw, 0, 0, false);
            }
            Padding.Explicit e = (Padding.Explicit) padding;
            if (e.top() != e.bottom() || e.left() != e.right()) {
                throw new IllegalArgumentException(layer + ": the trainer supports symmetric padding only, got "
                        + padding);
            }
            return new Window(kh, kw, sh, sw, e.top(), e.left(), false);
        }

        int[] convArgs() {
            return new int[] {kh, kw, sh, sw, ph, pw, 1, 1, same ? 1 : 0, NHWC, WEIGHTS_HWIO};
        }

        int[] poolArgs() {
            // extraParam0 = 0: average pooling divides by the window cells inside the input.
            return new int[] {kh, kw, sh, sw, ph, pw, 1, 1, same ? 1 : 0, 0, NHWC};
        }
    }

    static void conv2d(INDArray in, INDArray w, INDArray b, INDArray out, Window win) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (b == null) {
            op.addInputs(in, w);
        } else {
            op.addInputs(in, w, b);
        }
        Nd4j.exec(op.addOutputs(out).addIntegerArguments(win.convArgs()).build());
    }

    static void conv2dBackward(INDArray in, INDArray w, INDArray b, INDArray gradOut, INDArray gradIn,
                               INDArray gradW, INDArray gradB, Window win) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (b == null) {
            op.addInputs(in, w, gradOut).addOutputs(gradIn, gradW);
        } else {
            op.addInputs(in, w, b, gradOut).addOutputs(gradIn, gradW, gradB);
        }
        Nd4j.exec(op.addIntegerArguments(win.convArgs()).build());
    }

    static void pool(boolean max, INDArray in, INDArray out, Window win) {
        Nd4j.exec(DynamicCustomOp.builder(max ? "maxpool2d" : "avgpool2d").addInputs(in).addOutputs(out)
                .addIntegerArguments(win.poolArgs()).build());
    }

    static void poolBackward(boolean max, INDArray in, INDArray gradOut, INDArray gradIn, Window win) {
        Nd4j.exec(DynamicCustomOp.builder(max ? "maxpool2d_bp" : "avgpool2d_bp").addInputs(in, gradOut)
                .addOutputs(gradIn).addIntegerArguments(win.poolArgs()).build());
    }

    /** {@code c = alpha * op(a) * op(b) + beta * c}. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
        Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
    }
}
