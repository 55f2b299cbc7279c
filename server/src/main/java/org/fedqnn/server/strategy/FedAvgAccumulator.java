package org.fedqnn.server.strategy;

import java.util.List;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.RunSettings;

/**
 * The sum of eq. (8), w_{t+1} = w_t + (1/K') sum_k d_k, kept exactly: every delta value is
 * rounded once to a multiple of 2^-40 (exact for fixed-point codes of up to 41 bits, and below
 * float32's resolution for the float baseline's deltas) and added as a {@code long}. Integer
 * sums do not depend on the order the updates arrive in, so a run is reproducible whatever
 * the timing; with |d| at most {@link #MAX_ABS_DELTA} and at most {@link RunSettings#MAX_DEVICES}
 * updates the sum cannot overflow. The divisor is K', the number of updates received, not the
 * samples they used (the paper's rule).
 *
 * <p>Memory: 8 bytes per model value, whatever K is. Not thread-safe (the coordinator adds
 * under its lock).
 */
public final class FedAvgAccumulator {

    /** The largest |delta| accepted: 2^10 (a weight clipped to [-1, 1] moves at most 2). */
    public static final float MAX_ABS_DELTA = 1024f;

    private static final double SCALE = 0x1p40;
    private static final double INVERSE_SCALE = 0x1p-40;

    private final long[][] sums;
    private int count;

    public FedAvgAccumulator(List<ExpectedTensor> tensors) {
        sums = new long[tensors.size()][];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new long[tensors.get(i).elementCount()];
        }
    }

    /**
     * Checks that a delta can be added: the right lengths and every value finite with
     * |value| at most {@link #MAX_ABS_DELTA}.
     *
     * @return null when it can, else what is wrong (tensor and element)
     */
    public String problemWith(float[][] delta, List<ExpectedTensor> tensors) {
        if (delta.length != sums.length) {
            return "the update has " + delta.length + " tensors, the model " + sums.length;
        }
        for (int i = 0; i < delta.length; i++) {
            if (delta[i] == null || delta[i].length != sums[i].length) {
                return "tensor '" + tensors.get(i).name() + "' must have " + sums[i].length + " values";
            }
            float[] d = delta[i];
            for (int j = 0; j < d.length; j++) {
                if (!(Math.abs(d[j]) <= MAX_ABS_DELTA)) {
                    return "tensor '" + tensors.get(i).name() + "' value at element " + j + " must be finite with |d| <= "
                            + MAX_ABS_DELTA + ", got " + d[j];
                }
            }
        }
        return null;
    }

    /** Adds one update's delta (checked with {@link #problemWith} first). */
    public void add(float[][] delta) {
        for (int i = 0; i < delta.length; i++) {
            long[] s = sums[i];
            float[] d = delta[i];
            for (int j = 0; j < d.length; j++) {
                s[j] += Math.round(d[j] * SCALE);
            }
        }
        count++;
    }

    /** K', the updates added. */
    public int count() {
        return count;
    }

    /** The mean delta (1/K') sum d_k of tensor {@code index}, into {@code out}; zeros when none. */
    public void meanInto(int index, float[] out) {
        long[] s = sums[index];
        if (count == 0) {
            java.util.Arrays.fill(out, 0f);
            return;
        }
        double factor = INVERSE_SCALE / count;
        for (int j = 0; j < s.length; j++) {
            out[j] = (float) (s[j] * factor);
        }
    }
}
