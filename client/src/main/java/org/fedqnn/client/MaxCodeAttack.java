package org.fedqnn.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * The hostile update of issue 15, for measuring the base station's defences: every value of the
 * delta at the largest one its tensor's wire format holds, so that every n-bit code is
 * 2^(n-1) - 1 (float32 tensors carry 1, the weight clip), with the honest round's trailer
 * figures. It passes every wire check. Only a device named in
 * {@link DeviceSettings#maxCodeDevices()} sends it. Stateless.
 */
public final class MaxCodeAttack {

    private MaxCodeAttack() {
    }

    /** {@code honest} with each delta replaced by its tensor's largest value. */
    public static LocalResult apply(LocalResult honest, List<ExpectedTensor> tensors) {
        if (honest.deltas().size() != tensors.size()) {
            throw new IllegalArgumentException("the update must carry " + tensors.size() + " tensors, the result has "
                    + honest.deltas().size() + " deltas");
        }
        List<float[]> hostile = new ArrayList<>(tensors.size());
        for (ExpectedTensor tensor : tensors) {
            float[] values = new float[tensor.elementCount()];
            Arrays.fill(values, largest(tensor));
            hostile.add(values);
        }
        return new LocalResult(hostile, honest.meanLocalLoss(), honest.computeSeconds(), honest.samplesUsed(),
                honest.localSteps(), honest.costs(), honest.meanSquaredGradientNorm(), honest.gradientVariance());
    }

    private static float largest(ExpectedTensor tensor) {
        return tensor.encoding().isFixedPoint()
                ? (float) FixedPointFormat.of(tensor.encoding().bits()).maxValue()
                : 1.0f;
    }
}
