package org.fedqnn.qnn.train;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Element-wise loops over the native memory of contiguous float32 ND4J arrays. */
final class FloatBuffers {

    private FloatBuffers() {
    }

    /** A view of {@code a}'s elements in memory order; {@code a} must be contiguous FLOAT. */
    static FloatBuffer of(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !Shape.isContiguousInBuffer(a)) {
            throw new IllegalArgumentException("need a contiguous FLOAT array, got " + a.dataType() + " "
                    + a.shapeInfoToString());
        }
        FloatBuffer all = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return all.position(Math.toIntExact(a.offset())).limit(Math.toIntExact(a.offset() + a.length())).slice();
    }

    /** {@code g[i] = low < x[i] < high ? g[i] : 0}: the straight-through mask of a clipped activation. */
    static void maskOutside(INDArray x, INDArray g, float low, float high) {
        FloatBuffer xs = of(x);
        FloatBuffer gs = of(g);
        int n = xs.limit();
        for (int i = 0; i < n; i++) {
            float v = xs.get(i);
            if (!(v > low && v < high)) {
                gs.put(i, 0f);
            }
        }
    }

    /** {@code out[i] = min(max(x[i], low), high)}. */
    static void clip(INDArray x, INDArray out, float low, float high) {
        FloatBuffer xs = of(x);
        FloatBuffer os = of(out);
        int n = xs.limit();
        for (int i = 0; i < n; i++) {
            os.put(i, Math.min(Math.max(xs.get(i), low), high));
        }
    }

    /** The index of the first NaN or infinite element of {@code a}, or -1. */
    static double sumOfSquares(INDArray a) {
        FloatBuffer b = of(a);
        double sum = 0;
        for (int i = 0, n = b.limit(); i < n; i++) {
            double v = b.get(i);
            sum += v * v;
        }
        return sum;
    }

    static int firstNonFinite(INDArray a) {
        FloatBuffer as = of(a);
        int n = as.limit();
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(as.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Plain SGD on the shadow weights, eq. (6): {@code w[i] -= rate * g[i]}, then, when {@code clip},
     * {@code w[i] = min(max(w[i], -1), 1)}.
     */
    static void sgd(INDArray w, INDArray g, float rate, boolean clip) {
        FloatBuffer ws = of(w);
        FloatBuffer gs = of(g);
        int n = ws.limit();
        for (int i = 0; i < n; i++) {
            float v = ws.get(i) - rate * gs.get(i);
            ws.put(i, clip ? Math.min(Math.max(v, -1f), 1f) : v);
        }
    }
}
